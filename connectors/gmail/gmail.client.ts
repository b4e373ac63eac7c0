import type { ConnectionHandle, ConnectorContext } from "../kit/contracts/index.js";
import { requireSecret } from "../kit/credentials.js";
import { expectBody } from "../kit/expect-body.js";
import type { ProviderRequest } from "../kit/provider-http.js";
import type { GmailSendBody } from "./gmail.mapper.js";
import {
  parseMessageMetadata,
  parseMessagePage,
  parseMessageRef,
  parseProfile,
  type GmailMessageMetadata,
  type GmailMessagePage,
  type GmailMessageRef,
  type GmailProfile,
} from "./gmail.schemas.js";

/**
 * One method per Gmail endpoint the connector uses, all through the HTTP core (`ctx.http`):
 * timeouts, retries, classification. Reference:
 * https://developers.google.com/workspace/gmail/api/reference/rest. Paths are Gmail's own below
 * the configured base (`https://gmail.googleapis.com/gmail`); the user is always `me`, the owner
 * of the access token, which is the one credential (a missing one is AUTH_EXPIRED: the runtime
 * refreshes and replays).
 */
const PROVIDER = "gmail";

export interface MessageListParams {
  /** Gmail search (`rfc822msgid:…`, `in:sent`, `from:…`). */
  q?: string;
  maxResults?: number;
  pageToken?: string;
}

export interface GmailClient {
  /** GET /gmail/v1/users/me/profile (users.getProfile). */
  getProfile(): Promise<GmailProfile>;
  /** GET /gmail/v1/users/me/messages (users.messages.list): one page. */
  listMessages(params?: MessageListParams): Promise<GmailMessagePage>;
  /** GET /gmail/v1/users/me/messages/{id}?format=metadata (users.messages.get). */
  getMessageMetadata(id: string, headers?: readonly string[]): Promise<GmailMessageMetadata>;
  /**
   * POST /gmail/v1/users/me/messages/send (users.messages.send) with `{raw}`. Gmail does not
   * deduplicate, so the write is not idempotent: after a lost answer `lookup` finds the message
   * again, and it is sent again only when the lookup finds nothing.
   */
  sendMessage(
    body: GmailSendBody,
    lookup?: () => Promise<GmailMessageRef | undefined>,
  ): Promise<GmailMessageRef>;
}

export function createGmailClient(
  ctx: ConnectorContext,
  connection: Pick<ConnectionHandle, "secrets">,
): GmailClient {
  const accessToken = requireSecret(ctx.config, connection, "accessToken");
  const headers = { authorization: `Bearer ${accessToken}`, accept: "application/json" };
  const user = `/${ctx.config.apiVersion ?? "v1"}/users/me`;
  const call = (request: ProviderRequest) => ctx.http({ ...request, headers });
  const read = { provider: PROVIDER, write: false };

  return {
    async getProfile() {
      const response = await call({ method: "GET", path: `${user}/profile`, idempotent: true });
      return expectBody(response, parseProfile, { ...read, what: "profile" });
    },

    async listMessages(params = {}) {
      const response = await call({
        method: "GET",
        path: `${user}/messages`,
        query: { q: params.q, maxResults: params.maxResults, pageToken: params.pageToken },
        idempotent: true,
      });
      return expectBody(response, parseMessagePage, { ...read, what: "message list" });
    },

    async getMessageMetadata(id, names = []) {
      // metadataHeaders repeats, once per header name.
      const query = new URLSearchParams({ format: "metadata" });
      names.forEach(name => query.append("metadataHeaders", name));
      const response = await call({
        method: "GET",
        path: `${user}/messages/${encodeURIComponent(id)}?${query.toString()}`,
        idempotent: true,
      });
      return expectBody(response, parseMessageMetadata, { ...read, what: "message" });
    },

    async sendMessage(body, lookup) {
      const response = await call({
        method: "POST",
        path: `${user}/messages/send`,
        body,
        idempotent: false,
        ...(lookup
          ? {
              reconcile: async () => {
                const found = await lookup();
                return found && { status: 200, headers: new Headers(), body: found };
              },
            }
          : {}),
      });
      return expectBody(response, parseMessageRef, {
        provider: PROVIDER,
        what: "send answer",
        write: true,
      });
    },
  };
}
