import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";
import { Workspace } from "./workspace.entity.js";

export const CONNECTION_CATEGORIES = ["MESSAGING", "SOCIAL", "ADS", "COMMERCE"] as const;
export const CONNECTION_STATUSES = [
  "PENDING",
  "ACTIVE",
  "REFRESH_FAILED",
  "REVOKED",
  "DISCONNECTED",
] as const;

/** A workspace's account on one provider. Credentials arrive with the connector runtime. */
export const Connection = defineEntity({
  name: "Connection",
  properties: {
    ...baseProperties,
    workspace: () => p.manyToOne(Workspace).mapToPk().index(),
    provider: p.string().length(40),
    category: p.enum(CONNECTION_CATEGORIES),
    displayName: p.string().length(200),
    status: p.enum(CONNECTION_STATUSES).default("PENDING"),
  },
});
export type Connection = InferEntity<typeof Connection>;
