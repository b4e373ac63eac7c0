import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";
import { Workspace } from "./workspace.entity.js";

export const Agent = defineEntity({
  name: "Agent",
  properties: {
    ...baseProperties,
    workspace: () => p.manyToOne(Workspace).mapToPk().index(),
    name: p.string().length(120),
    description: p.text().nullable(),
    /** The playbook this agent runs: a DAG of steps, validated against the supergraph on save. */
    playbook: p.json<Record<string, unknown>>().default("{}"),
    /** Inputs every run starts with; a run's own inputs override them. */
    defaultInputs: p.json<Record<string, unknown>>().default("{}"),
  },
});
export type Agent = InferEntity<typeof Agent>;
