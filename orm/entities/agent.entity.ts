import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";
import { Workspace } from "./workspace.entity.js";
import { jsonObject } from "./json.properties.js";

export const Agent = defineEntity({
  name: "Agent",
  properties: {
    ...baseProperties,
    workspace: () => p.manyToOne(Workspace).mapToPk().index(),
    name: p.string().length(120),
    description: p.text().nullable(),
    /** The playbook this agent runs: a DAG of steps, validated against the supergraph on save. */
    playbook: jsonObject<Record<string, unknown>>(),
    /** Inputs every run starts with; a run's own inputs override them. */
    defaultInputs: jsonObject<Record<string, unknown>>(),
  },
});
export type Agent = InferEntity<typeof Agent>;
