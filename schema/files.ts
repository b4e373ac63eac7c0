import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { SubgraphName } from "../platform/config.js";
import type { ComposedSchema } from "./compose.js";

/** Where the committed schema artifacts live, relative to the repository root. */
const root = fileURLToPath(new URL("../", import.meta.url)).replace(/\/dist\/$/, "/");

export function schemaPath(file: string): string {
  return `${root}schema/${file}`;
}

export function artifactFiles(composed: ComposedSchema): Array<{ path: string; content: string }> {
  return [
    ...composed.subgraphs.map(({ name, sdl }) => ({ path: subgraphSdlPath(name), content: sdl })),
    { path: schemaPath("supergraph.graphql"), content: composed.supergraphSdl },
  ];
}

export function subgraphSdlPath(name: SubgraphName): string {
  return schemaPath(`subgraphs/${name}.graphql`);
}

export function readSupergraphSdl(): Promise<string> {
  return readFile(schemaPath("supergraph.graphql"), "utf8");
}
