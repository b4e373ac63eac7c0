// Jest runs the TypeScript sources as native ESM, transformed by SWC with legacy decorators
// and decorator metadata (type-graphql needs both). See package.json "test".
import { readFileSync } from "node:fs";

const swc = JSON.parse(readFileSync(new URL("./.swcrc", import.meta.url), "utf8"));
delete swc.$schema;

export default {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { ...swc, swcrc: false }] },
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  setupFiles: ["reflect-metadata"],
  globalSetup: "<rootDir>/tests/support/global-setup.js",
  globalTeardown: "<rootDir>/tests/support/global-teardown.js",
  testTimeout: 60_000,
  maxWorkers: 3,
};
