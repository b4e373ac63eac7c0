// The staircase the code is built as, top to bottom: a layer imports only itself and the layers
// below it. eslint.config.js enforces it per folder; tests/unit/import-graph.test.ts checks the
// whole graph (type imports included) against the same list.
export const LAYERS = [
  ["scripts", "bench", "testing"],
  ["app"],
  ["gateway"],
  ["schema"],
  ["subgraphs"],
  ["connectors"],
  ["orm"],
  ["platform"],
];
