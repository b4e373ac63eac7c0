import { describe, expect, it } from "@jest/globals";
import { buildSchema, parse, validate } from "graphql";
import { createAliasLimitRule, createDepthLimitRule } from "../../platform/graphql-limits.js";

const schema = buildSchema(`
  type Node { id: ID! child: Node name: String }
  type Query { node: Node }
`);

/** `{ node { child { … id } } }`, `depth` fields deep. */
const nested = (depth: number) =>
  `{ node { ${"child { ".repeat(depth - 2)}id ${"} ".repeat(depth - 2)}} }`;

const errorsOf = (query: string, rule: ReturnType<typeof createDepthLimitRule>) =>
  validate(schema, parse(query), [rule]).map(error => error.message);

describe("operation limits", () => {
  it("accepts a query at the depth limit and rejects one level deeper", () => {
    expect(errorsOf(nested(4), createDepthLimitRule(4))).toEqual([]);
    expect(errorsOf(nested(5), createDepthLimitRule(4))).toEqual([
      "Query is nested 5 levels deep; the limit is 4",
    ]);
  });

  it("counts depth through fragments, including recursive ones, without looping", () => {
    // node > child > child > id: four levels, the inner spread of A is not expanded again.
    const query = `{ node { ...A } } fragment A on Node { child { child { ...A id } } }`;
    expect(errorsOf(query, createDepthLimitRule(4))).toEqual([]);
    expect(errorsOf(query, createDepthLimitRule(3))).toHaveLength(1);
  });

  it("limits aliases across the document", () => {
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: node { id }`).join(" ")} }`;
    expect(errorsOf(aliases(3), createAliasLimitRule(3))).toEqual([]);
    expect(errorsOf(aliases(4), createAliasLimitRule(3))).toEqual([
      "Query uses 4 aliases; the limit is 3",
    ]);
  });
});
