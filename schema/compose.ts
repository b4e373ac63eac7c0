import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { DEFAULT_PORTS, SUBGRAPH_NAMES, type SubgraphName } from "../platform/config.js";
import { SUBGRAPHS } from "../subgraphs/registry.js";

export interface ComposedSchema {
  subgraphs: Array<{ name: SubgraphName; sdl: string }>;
  supergraphSdl: string;
}

/** Default routing URLs written into the supergraph; deployments override them by configuration. */
export function defaultRoutingUrl(name: SubgraphName): string {
  return `http://127.0.0.1:${DEFAULT_PORTS[name]}/graphql`;
}

/** Builds every subgraph schema in-process and composes them with @apollo/composition. */
export async function composeSupergraph(): Promise<ComposedSchema> {
  const subgraphs = [];
  for (const name of SUBGRAPH_NAMES) {
    const schema = await SUBGRAPHS[name].buildSchema();
    subgraphs.push({ name, sdl: `${printSubgraphSchema(schema).trim()}\n` });
  }
  const result = composeServices(
    subgraphs.map(({ name, sdl }) => ({
      name,
      url: defaultRoutingUrl(name),
      typeDefs: parse(sdl),
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map(error => error.message).join("\n")}`);
  }
  return { subgraphs, supergraphSdl: `${result.supergraphSdl.trim()}\n` };
}
