import { describe, expect, it } from "@jest/globals";
import { checkInputs } from "../../../subgraphs/orchestration/playbook/inputs.js";
import { parsePlaybook } from "../../../subgraphs/orchestration/playbook/playbook-parser.js";
import { errorOf } from "../../support/playbook-errors.js";

const playbook = parsePlaybook({
  inputs: {
    message: { type: "String", required: true },
    connectionId: { type: "ID", required: true },
    limit: { type: "Int", default: 10 },
    ratio: { type: "Float" },
    live: { type: "Boolean" },
    audience: { type: "[Recipient]" },
    tags: { type: "[String]", default: ["spring"] },
    extra: { type: "JSON" },
  },
  steps: [{ id: "a", operation: "query { campaigns { id } }" }],
});

const required = { message: "Hi", connectionId: "c-1" };

describe("checkInputs", () => {
  it("accepts valid inputs, fills in defaults and leaves other optional inputs out", () => {
    expect(checkInputs(playbook, required)).toEqual({ ...required, limit: 10, tags: ["spring"] });
    const full = {
      message: "Hi",
      connectionId: 42,
      limit: -3,
      ratio: 1.5,
      live: true,
      audience: [{ to: "+15550000001", name: "Ann" }],
      tags: [],
      extra: { nested: [1, null, { a: "b" }] },
    };
    expect(checkInputs(playbook, full)).toEqual({ ...full, connectionId: "42" });
    expect(checkInputs(playbook, { ...required, limit: null })).toMatchObject({ limit: 10 });
  });

  it("requires the required inputs", () => {
    expect(errorOf(() => checkInputs(playbook, { message: "Hi" }))).toMatchObject({
      field: "inputs.connectionId",
      message: 'inputs.connectionId: required input "connectionId" is missing',
    });
    expect(errorOf(() => checkInputs(playbook, { ...required, message: null }))).toMatchObject({
      field: "inputs.message",
    });
    expect(errorOf(() => checkInputs(playbook, undefined))).toMatchObject({
      field: "inputs.message",
    });
  });

  it("rejects undeclared inputs and what is not an object", () => {
    expect(errorOf(() => checkInputs(playbook, { ...required, mesage: "typo" }))).toMatchObject({
      field: "inputs.mesage",
      message: 'inputs.mesage: the playbook declares no input "mesage"',
    });
    expect(errorOf(() => checkInputs(playbook, ["Hi"]))).toMatchObject({ field: "inputs" });
  });

  it("checks every value against its declared type, naming the field", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ message: 5 }, "inputs.message"],
      [{ connectionId: 1.5 }, "inputs.connectionId"],
      [{ connectionId: true }, "inputs.connectionId"],
      [{ limit: 1.5 }, "inputs.limit"],
      [{ limit: 2 ** 31 }, "inputs.limit"],
      [{ limit: "10" }, "inputs.limit"],
      [{ ratio: "1.5" }, "inputs.ratio"],
      [{ live: "true" }, "inputs.live"],
      [{ audience: { to: "x" } }, "inputs.audience"],
      [{ audience: [{ to: "x" }, null] }, "inputs.audience[1]"],
      [{ audience: [{ to: 5 }] }, "inputs.audience[0].to"],
      [{ audience: ["+1555"] }, "inputs.audience[0]"],
      [{ tags: ["a", 1] }, "inputs.tags[1]"],
      [{ extra: { when: new Date() } }, "inputs.extra.when"],
      [{ extra: JSON.parse('{ "__proto__": {} }') }, "inputs.extra"],
    ];
    for (const [override, field] of cases) {
      expect(errorOf(() => checkInputs(playbook, { ...required, ...override }))).toMatchObject({
        field,
      });
    }
    expect(errorOf(() => checkInputs(playbook, { ...required, limit: "10" })).message).toBe(
      "inputs.limit: expected an Int (a 32-bit integer), got a string",
    );
  });
});
