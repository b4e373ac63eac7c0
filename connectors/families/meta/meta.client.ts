import type { ConnectionHandle, ConnectorContext } from "../../kit/contracts/index.js";
import { requireSecret } from "../../kit/credentials.js";

/**
 * What every Graph product's client sends with each call: paths `/{version}/{node}/{edge}` on
 * the Graph host (without a configured version Graph uses the app's default one), and the
 * connection's access token as a bearer header, read once.
 */
export interface GraphBase {
  path(...segments: string[]): string;
  headers: Record<string, string>;
}

export function graphBase(
  ctx: ConnectorContext,
  connection: Pick<ConnectionHandle, "secrets">,
  tokenName = "accessToken",
): GraphBase {
  const token = requireSecret(ctx.config, connection, tokenName);
  const version = ctx.config.apiVersion ? [ctx.config.apiVersion] : [];
  return {
    path: (...segments) => `/${[...version, ...segments.map(encodeURIComponent)].join("/")}`,
    headers: { authorization: `Bearer ${token}` },
  };
}
