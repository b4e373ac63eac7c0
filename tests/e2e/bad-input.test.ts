import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { makeWorkspace } from "../support/factories.js";
import { deepIntrospection, doublingFragments } from "../support/hostile-documents.js";
import { postGraphQL, startTestStack, type TestStack } from "../support/test-stack.js";

const CREATE = `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id name budget { amountMicros currency } } }`;
const valid = {
  name: "Launch",
  objective: "SALES",
  budget: { amountMicros: 5_000_000, currency: "USD" },
};

describe("bad input gets a clear, typed error and changes nothing", () => {
  let t: TestStack;
  let token: string;

  const campaignRows = async () =>
    Number(
      (await t.orm.em.fork().getConnection().execute("select count(*) as n from campaign"))[0]?.n,
    );

  beforeAll(async () => {
    t = await startTestStack();
    token = await t.tokenFor((await makeWorkspace(t.orm)).id);
  });
  afterAll(() => t.stop());

  it("a malformed query gets HTTP 400 with a GraphQL error", async () => {
    const result = await t.query(token, "{ campaigns { id ");
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
  });

  it("a query for a field that does not exist gets HTTP 400", async () => {
    const result = await t.query(token, "{ campaigns { nope } }");
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("an operation past the alias limit is refused before reaching any subgraph", async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `c${i}: campaigns { id }`).join(" ");
    const result = await t.query(token, `{ ${aliases} }`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]).toMatchObject({
      message: "Query uses 31 aliases; the limit is 30",
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
  });

  it("a 60-level doubling fragment document gets its depth error at once", async () => {
    // Introspection through fragments defined after the operation: 2^60 paths to one leaf.
    const query = `query Doubling { ...F0 }\n${doublingFragments("Query", 60, deepIntrospection(25))}`;
    const result = await t.query(token, query);
    expect(result.status).toBe(400);
    expect(result.errors).toEqual([
      {
        message: "Query is nested 27 levels deep; the limit is 20",
        extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
      },
    ]);
    const health = await fetch(new URL("/healthz", t.stack.gatewayUrl));
    expect(health.status).toBe(200);
  });

  it("an operation name the document does not hold, or none among several, gets HTTP 400", async () => {
    const unknown = await postGraphQL(
      t.stack.gatewayUrl,
      { query: "query Overview { campaigns { id } }", operationName: "Dashboard" },
      { authorization: `Bearer ${token}` },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.errors?.[0]).toMatchObject({
      message: 'Unknown operation named "Dashboard".',
      extensions: { code: "OPERATION_RESOLUTION_FAILURE" },
    });
    const ambiguous = await t.query(
      token,
      "query A { campaigns { id } } query B { agents { id } }",
    );
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.errors?.[0]?.extensions?.code).toBe("OPERATION_RESOLUTION_FAILURE");
  });

  it("a value only the owning subgraph can check (a custom scalar) is BAD_USER_INPUT, written inline or as a variable", async () => {
    const created = await t.query<{ createCampaign: { id: string } }>(token, CREATE, {
      input: valid,
    });
    const id = created.data!.createCampaign.id;
    const before = await campaignRows();
    const inline = await t.query(
      token,
      `mutation { updateCampaign(id: "${id}", input: { audience: ["not an object"] }) { id } }`,
    );
    const variable = await t.query(
      token,
      `mutation($input: UpdateCampaignInput!) { updateCampaign(id: "${id}", input: $input) { id } }`,
      { input: { audience: ["not an object"] } },
    );
    const date = await t.query(
      token,
      `mutation { startExecution(input: { campaignId: "${id}", startAt: "yesterday" }) { id } }`,
    );
    for (const result of [inline, variable, date]) {
      expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0]?.message).toMatch(/cannot represent/);
    }
    expect(await campaignRows()).toBe(before);
    const audience = await t.query<{ campaign: { audience: unknown[] } }>(
      token,
      `query($id: ID!) { campaign(id: $id) { audience } }`,
      { id },
    );
    expect(audience.data!.campaign.audience).toEqual([]);
  });

  it("a subscription over HTTP is told to use the WebSocket", async () => {
    const result = await t.query(
      token,
      `subscription { executionEvents(executionId: "0193a000-0000-7000-8000-0000000000e1") { seq } }`,
    );
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
    expect(result.errors?.[0]?.message).toMatch(/graphql-ws/);
  });

  it("an unknown or malformed id gets null, not a stack trace", async () => {
    for (const id of [
      "0193a000-0000-7000-8000-00000000ffff",
      "not-a-uuid",
      "'; drop table campaign; --",
    ]) {
      const result = await t.query(token, `query($id: ID!) { campaign(id: $id) { id } }`, { id });
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ campaign: null });
    }
  });

  it("updating an unknown campaign is NOT_FOUND", async () => {
    const result = await t.query(
      token,
      `mutation { updateCampaign(id: "0193a000-0000-7000-8000-00000000ffff", input: { name: "x" }) { id } }`,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it.each([
    [
      "an invalid currency",
      { ...valid, budget: { amountMicros: 1, currency: "XYZ" } },
      "budget.currency",
    ],
    [
      "a lower-case currency",
      { ...valid, budget: { amountMicros: 1, currency: "usd" } },
      "budget.currency",
    ],
    [
      "a negative budget",
      { ...valid, budget: { amountMicros: -1, currency: "USD" } },
      "budget.amountMicros",
    ],
    ["an empty name", { ...valid, name: "   " }, "name"],
    [
      "an end before the start",
      { ...valid, startsAt: "2027-01-02T00:00:00Z", endsAt: "2027-01-01T00:00:00Z" },
      "endsAt",
    ],
  ])("%s gets BAD_USER_INPUT naming the field, and writes nothing", async (_case, input, field) => {
    const before = await campaignRows();
    const result = await t.query(token, CREATE, { input });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(result.data?.createCampaign ?? null).toBeNull();
    expect(await campaignRows()).toBe(before);
  });

  it("a budget that is not a whole number is rejected before any resolver runs", async () => {
    const before = await campaignRows();
    const result = await t.query(token, CREATE, {
      input: { ...valid, budget: { amountMicros: 1.5, currency: "USD" } },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await campaignRows()).toBe(before);
  });

  it("valid input is written once and read back", async () => {
    const before = await campaignRows();
    const result = await t.query<{ createCampaign: { name: string } }>(token, CREATE, {
      input: valid,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createCampaign).toMatchObject({ name: "Launch", budget: valid.budget });
    expect(await campaignRows()).toBe(before + 1);
  });

  it("no error response carries a stack trace", async () => {
    const result = await t.query(token, CREATE, {
      input: { ...valid, budget: { amountMicros: -5, currency: "USD" } },
    });
    expect(JSON.stringify(result)).not.toMatch(/stacktrace|at .*\.(js|ts):\d+/);
  });
});
