import tseslint from "typescript-eslint";

const subgraphs = ["social", "ads", "messaging", "commerce", "orchestration"];

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
  // A subgraph never imports another subgraph's folder: shared code lives in subgraphs/shared
  // or platform/, and cross-subgraph data goes through federation.
  ...subgraphs.map(name => ({
    files: [`subgraphs/${name}/**/*.ts`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: subgraphs
            .filter(other => other !== name)
            .map(other => ({
              group: [`**/${other}/*`, `../${other}`],
              message: `${name} must not import the ${other} subgraph; use federation`,
            })),
        },
      ],
    },
  })),
);
