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
    /** The playbook template this agent runs (a DAG of steps; validated in the orchestration issue). */
    playbook: p.json<Record<string, unknown>>().default("{}"),
  },
});
export type Agent = InferEntity<typeof Agent>;
