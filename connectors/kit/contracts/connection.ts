/** A connection as a connector sees it for one call: its decrypted material, nothing else. */

/** Secret values (tokens, keys): encrypted at rest as one sealed JSON object, never returned. */
export type Secrets = Record<string, string>;

/** Non-secret settings kept in clear: phone number id, sender address, team id, public keys. */
export type Settings = Record<string, string>;

/** One connection's material for one call. */
export interface ConnectionHandle {
  id: string;
  workspaceId: string;
  secrets: Secrets;
  settings: Settings;
}
