import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";
import { Workspace } from "./workspace.entity.js";
import { jsonList } from "./json.properties.js";

/**
 * One pending OAuth authorization: a one-time, expiring `state` (stored as its SHA-256 only),
 * bound to the workspace, the provider and the exact redirect URI, with the PKCE verifier sealed
 * by the vault. Completing the flow deletes the row, so a state works once.
 */
export const OAuthState = defineEntity({
  name: "OAuthState",
  tableName: "oauth_state",
  properties: {
    ...baseProperties,
    workspace: () => p.manyToOne(Workspace).mapToPk().index(),
    userId: p.string().length(200),
    provider: p.string().length(40),
    stateHash: p.string().length(64).unique(),
    redirectUri: p.text(),
    codeVerifier: p.text().nullable(),
    scopes: jsonList<string>(),
    expiresAt: p.datetime(),
  },
});
export type OAuthState = InferEntity<typeof OAuthState>;
