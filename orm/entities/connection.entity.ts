import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";
import { Workspace } from "./workspace.entity.js";
import { jsonObject, jsonList } from "./json.properties.js";

export const CONNECTION_CATEGORIES = ["MESSAGING", "SOCIAL", "ADS", "COMMERCE"] as const;
export const CONNECTION_STATUSES = [
  "PENDING",
  "ACTIVE",
  "REFRESH_FAILED",
  "REVOKED",
  "DISCONNECTED",
] as const;

/**
 * A workspace's account on one provider. `secrets` is a vault ciphertext (AES-256-GCM, bound to
 * the workspace and this row) of the provider's tokens or keys; it is never exposed or logged.
 */
export const Connection = defineEntity({
  name: "Connection",
  uniques: [{ properties: ["workspace", "provider", "externalAccountId"] }],
  indexes: [{ properties: ["provider", "externalAccountId"] }],
  properties: {
    ...baseProperties,
    workspace: () => p.manyToOne(Workspace).mapToPk().index(),
    provider: p.string().length(40),
    category: p.enum(CONNECTION_CATEGORIES),
    displayName: p.string().length(200),
    status: p.enum(CONNECTION_STATUSES).default("PENDING"),
    /** Why the connection is not ACTIVE (a refresh failure, a revocation), for the dashboard. */
    statusReason: p.text().nullable(),
    /** The provider's id of the account (AccountSid, team id, phone number id, email address). */
    externalAccountId: p.string().length(200).nullable(),
    secrets: p.text().nullable().lazy(),
    settings: jsonObject<Record<string, string>>(),
    scopes: jsonList<string>(),
    tokenExpiresAt: p.datetime().nullable(),
    refreshFailures: p.integer().default(0),
    lastVerifiedAt: p.datetime().nullable(),
  },
});
export type Connection = InferEntity<typeof Connection>;
