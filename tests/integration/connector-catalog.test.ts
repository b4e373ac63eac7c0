import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { PROVIDER_KEYS } from "../../connectors/kit/catalog.js";
import { makeWorkspace } from "../support/factories.js";
import { startTestSupergraph, type TestSupergraph } from "../support/test-supergraph.js";

// The connector auth flow starts from the catalog: which providers exist and how each connects.
describe("connector auth flow", () => {
  let t: TestSupergraph;
  let tokenA: string;

  beforeAll(async () => {
    t = await startTestSupergraph();
    tokenA = await t.tokenFor((await makeWorkspace(t.orm, "A")).id);
  });
  afterAll(() => t.stop());

  it("lists the catalog with how to connect each provider", async () => {
    const result = await t.query<{
      providers: Array<{
        key: string;
        authMode: string;
        supported: boolean;
        credentialFields: unknown[];
      }>;
    }>(
      tokenA,
      `{ providers { key authMode supported credentialFields { name secret required } } }`,
    );
    const providers = result.data!.providers;
    expect(providers.map(p => p.key)).toEqual(PROVIDER_KEYS);
    expect(
      providers
        .filter(p => p.supported)
        .map(p => p.key)
        .sort(),
    ).toEqual(["gmail", "sendgrid", "slack", "twilio", "whatsapp"]);
    expect(providers.find(p => p.key === "twilio")).toMatchObject({
      authMode: "BASIC",
      credentialFields: [
        { name: "authToken", secret: true, required: true },
        { name: "accountSid", secret: false, required: true },
        { name: "fromNumber", secret: false, required: true },
      ],
    });
  });
});
