// npm run schema: regenerates schema/subgraphs/*.graphql and schema/supergraph.graphql.
import "reflect-metadata";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { composeSupergraph } from "./compose.js";
import { artifactFiles } from "./files.js";

for (const file of artifactFiles(await composeSupergraph())) {
  await mkdir(dirname(file.path), { recursive: true });
  await writeFile(file.path, file.content);
  console.log(`wrote ${file.path}`);
}
