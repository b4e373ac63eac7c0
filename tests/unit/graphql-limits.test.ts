import { describe, expect, it } from "@jest/globals";
import { buildSchema, getIntrospectionQuery, parse, validate } from "graphql";
import { createAliasLimitRule, createDepthLimitRule } from "../../platform/graphql-limits.js";
import { doublingFragments } from "../support/hostile-documents.js";

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

  it("lets tools introspect deeper than queries go, up to a limit of its own", () => {
    const rule = createDepthLimitRule(12, 20);
    // GraphiQL's introspection query: 15 levels, most of them `ofType`.
    expect(errorsOf(getIntrospectionQuery({ inputValueDeprecation: true }), rule)).toEqual([]);
    const ofTypes = (n: number) =>
      `{ __type(name: "Node") { ${"ofType { ".repeat(n)}name${" }".repeat(n)} } }`;
    expect(errorsOf(ofTypes(18), rule)).toEqual([]);
    expect(errorsOf(ofTypes(19), rule)).toEqual([
      "Query is nested 21 levels deep; the limit is 20",
    ]);
  });

  it("keeps the query limit for the fields beside an introspection", () => {
    const query = `{ __schema { types { name } } ${nested(5).slice(1, -1)} }`;
    expect(errorsOf(query, createDepthLimitRule(4, 20))).toEqual([
      "Query is nested 5 levels deep; the limit is 4",
    ]);
  });

  it("measures each fragment once: a 60-level doubling document gets its error at once", () => {
    const deep = `node { ${"child { ".repeat(10)}id${" }".repeat(10)} }`;
    const query = `query Doubling { ...F0 }\n${doublingFragments("Query", 60, deep)}`;
    // A walk that expanded every spread would visit 2^60 paths and never return.
    expect(errorsOf(query, createDepthLimitRule(4))).toEqual([
      "Query is nested 12 levels deep; the limit is 4",
    ]);
    expect(errorsOf(query, createDepthLimitRule(12))).toEqual([]);
  });

  it("applies the introspection limit through fragments defined after the operation", () => {
    const ofTypes = `__type(name: "Node") { ${"ofType { ".repeat(25)}name${" }".repeat(25)} }`;
    const spread = `{ ...Probe }\nfragment Probe on Query { ${ofTypes} }`;
    expect(errorsOf(spread, createDepthLimitRule(12, 20))).toEqual([
      "Query is nested 27 levels deep; the limit is 20",
    ]);
    const doubled = `{ ...F0 }\n${doublingFragments("Query", 60, ofTypes)}`;
    expect(errorsOf(doubled, createDepthLimitRule(12, 20))).toEqual([
      "Query is nested 27 levels deep; the limit is 20",
    ]);
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
