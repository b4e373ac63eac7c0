import { beforeAll, describe, expect, it } from "@jest/globals";
import type { GraphQLSchema } from "graphql";
import { readSupergraphSdl } from "../../../schema/files.js";
import { buildApiSchema } from "../../../subgraphs/orchestration/playbook/api-schema.js";
import { planOrder } from "../../../subgraphs/orchestration/playbook/dag.js";
import { validatePlaybook } from "../../../subgraphs/orchestration/playbook/playbook-validator.js";
import { errorOf } from "../../support/playbook-errors.js";

type Json = Record<string, unknown>;

const CREATE_CAMPAIGN =
  "mutation CreateCampaign($input: CreateCampaignInput!) { createCampaign(input: $input) { id name } }";
const SEND =
  "mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id status } }";
const REPORT =
  "query Report($campaignId: ID) { messages(campaignId: $campaignId, first: 100) { id status } }";

/** Create a campaign, send to every recipient (fan-out), then list what was sent. */
function threeSteps(): { inputs: Json; steps: Json[] } {
  return {
    inputs: {
      connectionId: { type: "ID", required: true },
      message: { type: "String", required: true },
      audience: { type: "[Recipient]", required: true },
      campaignName: { type: "String", default: "Spring sale" },
    },
    steps: [
      {
        id: "campaign",
        operation: CREATE_CAMPAIGN,
        variables: {
          input: {
            name: "{{ inputs.campaignName }}",
            objective: "ENGAGEMENT",
            budget: { amountMicros: 0, currency: "USD" },
          },
        },
      },
      {
        id: "send",
        operation: SEND,
        dependsOn: ["campaign"],
        forEach: "{{ inputs.audience }}",
        concurrency: 10,
        timeoutSeconds: 30,
        retry: { maxAttempts: 3, backoffSeconds: 2 },
        variables: {
          input: {
            connectionId: "{{ inputs.connectionId }}",
            to: "{{ item.to }}",
            text: "Hi {{ item.name }}: {{ inputs.message }}",
            campaignId: "{{ steps.campaign.output.createCampaign.id }}",
            idempotencyKey: "{{ idempotencyKey }}",
          },
        },
      },
      {
        id: "report",
        operation: REPORT,
        dependsOn: ["send"],
        variables: { campaignId: "{{ steps.campaign.output.createCampaign.id }}" },
      },
    ],
  };
}

/** The three steps with step `index` changed. */
function changed(index: number, patch: Json): { inputs: Json; steps: Json[] } {
  const playbook = threeSteps();
  playbook.steps[index] = { ...playbook.steps[index], ...patch };
  return playbook;
}

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = buildApiSchema(await readSupergraphSdl());
});

describe("the API schema", () => {
  it("is the supergraph without federation machinery", () => {
    expect(schema.getMutationType()?.getFields().sendMessage).toBeDefined();
    expect(schema.getType("join__Graph")).toBeUndefined();
    expect(schema.getDirective("join__field")).toBeUndefined();
    expect(schema.getQueryType()?.getFields().campaigns).toBeDefined();
  });
});

describe("validatePlaybook against the composed supergraph", () => {
  it("accepts a three-step DAG with a fan-out, normalized", () => {
    const playbook = validatePlaybook(threeSteps(), schema);
    expect(planOrder(playbook).map(step => step.id)).toEqual(["campaign", "send", "report"]);
    expect(playbook.steps[1]).toMatchObject({ forEach: "{{ inputs.audience }}", concurrency: 10 });
    expect(playbook.steps[2]).toMatchObject({ concurrency: 1, retry: { maxAttempts: 1 } });
  });

  it("checks the graph: unknown dependency and cycle", () => {
    expect(
      errorOf(() => validatePlaybook(changed(1, { dependsOn: ["prepare"] }), schema)),
    ).toMatchObject({
      stepId: "send",
      field: "steps[1].dependsOn[0]",
      message: 'step "send": dependsOn names unknown step "prepare"',
    });
    expect(errorOf(() => validatePlaybook(changed(2, { id: "send" }), schema))).toMatchObject({
      stepId: "send",
      field: "steps[2].id",
    });
    const cyclic = changed(0, { dependsOn: ["report"] });
    expect(errorOf(() => validatePlaybook(cyclic, schema)).message).toBe(
      'the steps form a cycle: "campaign" → "report" → "send" → "campaign"; a playbook is a DAG',
    );
  });

  it("reports an unknown field with GraphQL's message", () => {
    const operation = SEND.replace("id status", "id status deliveredTo");
    const error = errorOf(() => validatePlaybook(changed(1, { operation }), schema));
    expect(error).toMatchObject({ stepId: "send", field: "steps[1].operation" });
    expect(error.message).toBe(
      'step "send": operation is invalid: Cannot query field "deliveredTo" on type "Message". Did you mean "deliveredAt"?',
    );
  });

  it("requires one parseable query or mutation", () => {
    const cases: Array<[string, RegExp]> = [
      ["mutation { sendMessage(", /operation does not parse: Syntax Error/],
      [`${REPORT} query Other { campaigns { id } }`, /exactly one operation, found 2/],
      ["fragment F on Campaign { id }", /exactly one operation, found 0/],
      ["subscription { campaigns { id } }", /subscriptions cannot be steps/],
      ["query { campaigns { id } } type Evil { x: Int }", /operation is invalid/],
      ['query { campaign(id: "{{ inputs.x }}") { id } }', /never templated/],
    ];
    for (const [operation, message] of cases) {
      const error = errorOf(() =>
        validatePlaybook(changed(2, { operation, variables: {} }), schema),
      );
      expect(error).toMatchObject({ stepId: "report", field: "steps[2].operation" });
      expect(error.message).toMatch(message);
    }
  });

  it("accepts fragments, aliases and default values", () => {
    const operation =
      "query Report($campaignId: ID, $first: Int! = 10) { sent: messages(campaignId: $campaignId, first: $first) { ...M } } fragment M on Message { id status }";
    expect(() => validatePlaybook(changed(2, { operation }), schema)).not.toThrow();
  });

  it("requires every non-null variable without a default", () => {
    const error = errorOf(() => validatePlaybook(changed(1, { variables: {} }), schema));
    expect(error).toMatchObject({ stepId: "send", field: "steps[1].variables.input" });
    expect(error.message).toBe(
      'step "send": required variable $input (SendMessageInput!) is missing from variables',
    );
  });

  it("rejects variables the operation does not declare", () => {
    const variables = { campaignId: "c-1", first: 5 };
    expect(errorOf(() => validatePlaybook(changed(2, { variables }), schema))).toMatchObject({
      stepId: "report",
      field: "steps[2].variables.first",
      message:
        'step "report": variables gives "first", which the operation does not declare ($first)',
    });
  });

  it("checks the shape of literal variable values against their input types", () => {
    const input = (threeSteps().steps[1]?.variables as { input: Json }).input;
    const cases: Array<[Json, string, RegExp]> = [
      [
        { ...input, too: "x" },
        "steps[1].variables.input.too",
        /SendMessageInput has no field "too"/,
      ],
      [
        { ...input, to: undefined },
        "steps[1].variables.input.to",
        /required field SendMessageInput.to \(String!\)/,
      ],
      [{ ...input, to: null }, "steps[1].variables.input.to", /must not be null/],
      [{ ...input, channel: "FAX" }, "steps[1].variables.input.channel", /not a MessageChannel/],
      [{ ...input, text: 5 }, "steps[1].variables.input.text", /not a String/],
      [
        { ...input, template: { name: "t", parameters: [{ name: "a" }] } },
        "steps[1].variables.input.template.parameters[0].value",
        /required field/,
      ],
    ];
    for (const [changedInput, field, message] of cases) {
      const json = JSON.parse(JSON.stringify(changed(1, { variables: { input: changedInput } })));
      const error = errorOf(() => validatePlaybook(json, schema));
      expect(error).toMatchObject({ stepId: "send", field });
      expect(error.message).toMatch(message);
    }
    const first = "query ($n: Int!) { campaigns(first: $n) { id } }";
    expect(
      errorOf(() =>
        validatePlaybook(
          changed(2, { operation: first, variables: { n: "{{ inputs.message }}!" } }),
          schema,
        ),
      ).message,
    ).toMatch(/text with templates gives a string, not an Int/);
    const okInput = {
      ...input,
      channel: "SMS",
      template: { name: "t", parameters: [{ name: "a", value: "{{ item.name }}" }] },
    };
    expect(() =>
      validatePlaybook(changed(1, { variables: { input: okInput } }), schema),
    ).not.toThrow();
  });
});
