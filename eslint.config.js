import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";
import { LAYERS } from "./staircase.js";

const SUBGRAPHS = ["social", "ads", "messaging", "commerce", "orchestration"];
const PROVIDERS = ["twilio", "whatsapp", "slack", "gmail", "sendgrid"];

/** Import patterns that reach a top-level folder, from any depth. */
const folder = name => [`**/${name}/*`, `../${name}`, `../../${name}`];

function above(top) {
  const rank = LAYERS.findIndex(layer => layer.includes(top));
  return LAYERS.slice(0, rank)
    .flat()
    .map(name => ({
      group: folder(name),
      message: `${top}/ is below ${name}/ in the staircase: it must not import it`,
    }));
}

/** One no-restricted-imports entry per folder: flat config replaces, not merges, rule options. */
function restrict(files, patterns) {
  return { files, rules: { "no-restricted-imports": ["error", { patterns }] } };
}

const layerRules = LAYERS.flat()
  .filter(top => !["scripts", "bench", "testing", "subgraphs", "connectors"].includes(top))
  .map(top => restrict([`${top}/**/*.ts`], above(top)));

// A subgraph never imports another subgraph's folder: shared code lives in subgraphs/shared,
// and cross-subgraph data goes through federation.
const subgraphRules = SUBGRAPHS.map(name =>
  restrict(`subgraphs/${name}/**/*.ts`.split(" "), [
    ...above("subgraphs"),
    ...SUBGRAPHS.filter(other => other !== name).map(other => ({
      group: [`**/${other}/*`, `../${other}`],
      message: `${name} must not import the ${other} subgraph; use federation`,
    })),
  ]),
);

// Inside connectors/: the kit imports no family, sandbox or provider; a provider imports no
// other provider; production files never load a sandbox.
const providerFolders = PROVIDERS.map(name => ({
  group: [`**/${name}/*`, `../${name}`],
  message: "a provider's folder is its own: share through connectors/kit or connectors/families",
}));
const sandboxFiles = {
  group: ["**/*.sandbox.js", "**/*.sandbox-*.js", "**/sandbox/*"],
  message: "production code never loads a sandbox: use the provider's <p>.demo.ts",
};
const connectorRules = [
  restrict(["connectors/**/*.ts"], above("connectors")),
  restrict(
    ["connectors/kit/**/*.ts"],
    [
      ...above("connectors"),
      ...providerFolders,
      {
        group: ["**/families/*", "**/sandbox/*", "**/runtime/*"],
        message: "the kit is the bottom of connectors/",
      },
    ],
  ),
  // A family (Meta, Google) is shared by its providers: it imports none of them, and its
  // production files never load a sandbox either.
  {
    files: ["connectors/families/**/*.ts"],
    ignores: ["**/*.sandbox.ts", "**/*.sandbox-*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [...above("connectors"), ...providerFolders, sandboxFiles] },
      ],
    },
  },
  restrict(
    ["connectors/families/**/*.sandbox.ts", "connectors/families/**/*.sandbox-*.ts"],
    [...above("connectors"), ...providerFolders],
  ),
  ...PROVIDERS.map(name =>
    restrict(
      [`connectors/${name}/**/*.ts`],
      [...above("connectors"), ...providerFolders.filter((_, i) => PROVIDERS[i] !== name)],
    ),
  ),
  ...PROVIDERS.map(name => ({
    files: [`connectors/${name}/**/*.ts`],
    ignores: ["**/*.sandbox.ts", "**/*.sandbox-*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...above("connectors"),
            ...providerFolders.filter((_, i) => PROVIDERS[i] !== name),
            sandboxFiles,
          ],
        },
      ],
    },
  })),
];

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", ".data/**", "orm/migrations/**", "bench/results/**"] },
  ...tseslint.configs.recommended,
  {
    // Decorator metadata reads parameter types at run time: type-only imports must stay values.
    languageOptions: {
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      curly: ["error", "all"],
    },
  },
  {
    // No import cycles (value imports; tests/unit/import-graph.test.ts also counts type imports).
    files: ["**/*.ts"],
    plugins: { "import-x": importX },
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver()] },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  ...layerRules,
  ...subgraphRules,
  ...connectorRules,
);
