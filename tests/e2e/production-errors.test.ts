import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { makeWorkspace } from "../support/factories.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

describe("in production, errors reveal nothing of the schema or the server", () => {
  let t: TestStack;
  let token: string;

  beforeAll(async () => {
    t = await startTestStack({
      env: {
        NODE_ENV: "production",
        JWT_SECRET: "p".repeat(40),
        INTERNAL_JWT_SECRET: "q".repeat(40),
        VAULT_KEYS: `k1:${Buffer.alloc(32, 3).toString("base64")}`,
      },
    });
    token = await t.tokenFor((await makeWorkspace(t.orm)).id);
  });
  afterAll(() => t.stop());

  it("does not suggest field names", async () => {
    const result = await t.query(token, "{ campaignz { id } }");
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(JSON.stringify(result.errors)).not.toMatch(/did you mean|"campaigns"/i);
  });

  it("does not answer introspection", async () => {
    const result = await t.query(token, "{ __schema { types { name } } }");
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("serves no GraphiQL", async () => {
    const response = await fetch(t.stack.gatewayUrl.replace(/\/graphql$/, "/graphiql"));
    expect(response.status).toBe(404);
  });
});
