import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";

export const Workspace = defineEntity({
  name: "Workspace",
  properties: {
    ...baseProperties,
    name: p.string().length(120),
    slug: p.string().length(64).unique(),
  },
});
export type Workspace = InferEntity<typeof Workspace>;
