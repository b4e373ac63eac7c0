import { beforeAll, describe, expect, it } from "@jest/globals";
import type { GraphQLSchema } from "graphql";
import { readSupergraphSdl } from "../../../schema/files.js";
import { buildApiSchema } from "../../../subgraphs/orchestration/playbook/api-schema.js";
import { validatePlaybook } from "../../../subgraphs/orchestration/playbook/playbook-validator.js";
import { errorOf } from "../../support/playbook-errors.js";

type Json = Record<string, unknown>;

const inputs = {
  connectionId: { type: "ID", required: true },
  message: { type: "String", required: true },
  audience: { type: "[Recipient]", required: true },
  tags: { type: "[String]" },
  extra: { type: "JSON" },
};

const campaign = {
  id: "campaign",
  operation:
    "mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id name } }",
  variables: {
    input: { name: "Spring", objective: "SALES", budget: { amountMicros: 0, currency: "USD" } },
  },
};

const send = {
  id: "send",
  operation: "mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id status } }",
  dependsOn: ["campaign"],
  forEach: "{{ inputs.audience }}",
  variables: {
    input: {
      connectionId: "{{ inputs.connectionId }}",
      to: "{{ item.to }}",
      text: "Hi {{ item.name }}",
      campaignId: "{{ steps.campaign.output.createCampaign.id }}",
      idempotencyKey: "{{ idempotencyKey }}",
    },
  },
};

const report = {
  id: "report",
  operation:
    "query ($c: ID) { sent: messages(campaignId: $c) { ...M __typename } } fragment M on Message { id recipient campaign { id } }",
  dependsOn: ["send"],
  variables: { c: "{{ steps.campaign.output.createCampaign.id }}" },
};

/** A fourth step: a query whose one String argument `to` is the template under test. */
function probe(to: string, extra: Json = {}): Json {
  return {
    inputs,
    steps: [
      campaign,
      send,
      report,
      {
        id: "probe",
        operation: "query ($to: String) { messages(recipient: $to) { id } }",
        dependsOn: ["report"],
        variables: { to },
        ...extra,
      },
    ],
  };
}

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = buildApiSchema(await readSupergraphSdl());
});

function problem(to: string, extra?: Json): string {
  const error = errorOf(() => validatePlaybook(probe(to, extra), schema));
  expect(error.stepId).toBe("probe");
  return error.message;
}

describe("template references resolve statically", () => {
  it("accepts paths into inputs, dependencies (direct or transitive), execution and keys", () => {
    const fine = [
      "{{ inputs.message }}",
      "{{ inputs.audience.0.name }}",
      "{{ inputs.extra.any.path.at.all }}",
      "{{ steps.report.output.sent.0.recipient }}",
      "{{ steps.report.output.sent.1.campaign.id }}",
      "{{ steps.report.output.sent.0.__typename }}",
      "{{ steps.send.outputs.0.sendMessage.status }}",
      "{{ steps.campaign.output.createCampaign.name }}",
      "{{ execution.id }}-{{ execution.mode }}-{{ idempotencyKey }}",
    ];
    for (const to of fine) {
      expect(() => validatePlaybook(probe(to), schema)).not.toThrow();
    }
  });

  it("rejects a reference to a step that is not a dependency", () => {
    const playbook = probe("{{ steps.campaign.output.createCampaign.id }}");
    const steps = playbook.steps as Json[];
    steps[3] = { ...steps[3], dependsOn: [] };
    const error = errorOf(() => validatePlaybook(playbook, schema));
    expect(error).toMatchObject({ stepId: "probe", field: "steps[3].variables.to" });
    expect(error.message).toBe(
      'step "probe": template "{{ steps.campaign.output.createCampaign.id }}": step "campaign" is not a dependency of "probe"; add it to dependsOn',
    );
    expect(problem("{{ steps.nope.output }}")).toMatch(/no step "nope"/);
    expect(problem("{{ steps.probe.output }}")).toMatch(/step "probe" is not a dependency/);
  });

  it("reads output for a plain step and outputs for a fan-out step", () => {
    expect(problem("{{ steps.send.output.sendMessage.id }}")).toMatch(
      /step "send" fans out \(one output per item\): read steps.send.outputs/,
    );
    expect(problem("{{ steps.campaign.outputs }}")).toMatch(
      /step "campaign" has no forEach: read steps.campaign.output/,
    );
    expect(problem("{{ steps.send.outputs.sendMessage }}")).toMatch(
      /steps.send.outputs is a list; read an item by index \(steps.send.outputs.0\)/,
    );
  });

  it("rejects paths the dependency's operation does not select", () => {
    expect(problem("{{ steps.campaign.output.createCampaign.budget }}")).toBe(
      'step "probe": template "{{ steps.campaign.output.createCampaign.budget }}": the operation selects no "budget" in steps.campaign.output.createCampaign',
    );
    expect(problem("{{ steps.report.output.messages }}")).toMatch(/selects no "messages"/);
    expect(problem("{{ steps.report.output.sent.0.id.x }}")).toMatch(/is an ID; it has no "x"/);
  });

  it("rejects undeclared inputs and paths below scalars", () => {
    expect(problem("{{ inputs.nope }}")).toMatch(/input "nope" is not declared in inputs/);
    expect(problem("{{ inputs }}")).toMatch(/name an input/);
    expect(problem("{{ inputs.message.length }}")).toMatch(
      /inputs.message is a String; it has no "length"/,
    );
    expect(problem("{{ inputs.tags.first }}")).toMatch(/is a list; read an item by index/);
    expect(problem("{{ execution.workspace }}")).toMatch(/execution has exactly id and mode/);
    expect(problem("{{ idempotencyKey.x }}")).toMatch(/it has no "x"/);
  });

  it("allows item and itemIndex only in a step with forEach", () => {
    const error = errorOf(() => validatePlaybook(probe("{{ item.to }}"), schema));
    expect(error).toMatchObject({ field: "steps[3].variables.to" });
    expect(error.message).toMatch(/item is only defined in a step with forEach/);
    expect(problem("#{{ itemIndex }}")).toMatch(/itemIndex is only defined in a step with forEach/);
  });

  it("reports template syntax errors with the field", () => {
    const error = errorOf(() => validatePlaybook(probe("{{ inputs.message"), schema));
    expect(error).toMatchObject({ stepId: "probe", field: "steps[3].variables.to" });
    expect(error.message).toMatch(/^step "probe": variables.to: unterminated template/);
  });
});

describe("forEach", () => {
  it("fans out over a dependency's output list, typing item from the selection", () => {
    const extra = { forEach: "{{ steps.report.output.sent }}", concurrency: 5 };
    expect(() =>
      validatePlaybook(probe("{{ item.recipient }} #{{ itemIndex }}", extra), schema),
    ).not.toThrow();
    expect(problem("{{ item.status }}", extra)).toMatch(/selects no "status" in item/);
    const overSends = { forEach: "{{ steps.send.outputs }}" };
    expect(() =>
      validatePlaybook(probe("{{ item.sendMessage.id }}", overSends), schema),
    ).not.toThrow();
  });

  it("types item from a list input", () => {
    const overTags = { forEach: "{{ inputs.tags }}" };
    expect(() => validatePlaybook(probe("{{ item }}", overTags), schema)).not.toThrow();
    expect(problem("{{ item.x }}", overTags)).toMatch(/item is a String; it has no "x"/);
    expect(() =>
      validatePlaybook(probe("{{ item.anyField }}", { forEach: "{{ inputs.audience }}" }), schema),
    ).not.toThrow();
  });

  it("must name a list: a list input or a dependency's output path", () => {
    const cases: Array<[string, RegExp]> = [
      ["{{ inputs.message }}", /forEach needs a list, and this is a String/],
      ["{{ inputs.extra }}", /forEach needs a list, and this is JSON/],
      [
        "{{ steps.campaign.output.createCampaign }}",
        /forEach needs a list, and this is an object \(Campaign\)/,
      ],
      ["{{ inputs.audience }} ", /exactly one template/],
      ["{{ item }}", /exactly one template naming a list input or a dependency's output/],
      ["inputs.audience", /exactly one template/],
    ];
    for (const [forEach, message] of cases) {
      const error = errorOf(() => validatePlaybook(probe("x", { forEach }), schema));
      expect(error).toMatchObject({ stepId: "probe", field: "steps[3].forEach" });
      expect(error.message).toMatch(message);
    }
    const notDependency = probe("x", {
      forEach: "{{ steps.report.output.sent }}",
      dependsOn: ["campaign"],
    });
    expect(errorOf(() => validatePlaybook(notDependency, schema)).message).toMatch(
      /step "report" is not a dependency of "probe"/,
    );
  });
});
