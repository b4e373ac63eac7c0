import type { ConnectorContext } from "../kit/contracts/index.js";
import { ConnectorError } from "../kit/connector-error.js";
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
 * One function per Gmail endpoint the connector uses, all through `ctx.http` (timeout, retries,
 * classification). Reference: https://developers.google.com/workspace/gmail/api/reference/rest.
 * The user is always `me`, the owner of the access token.
 */
function userPath(ctx: ConnectorContext, rest: string): string {
  return `/gmail/${ctx.config.apiVersion ?? "v1"}/users/me${rest}`;
}

function authorization(accessToken: string): Record<string, string> {
  return { authorization: `Bearer ${accessToken}`, accept: "application/json" };
}

function unreadable(what: string, kind: "UNAVAILABLE" | "UNKNOWN_OUTCOME"): ConnectorError {
  return new ConnectorError(kind, `gmail answered ${what} in an unexpected shape`, {
    provider: "gmail",
  });
}

/** GET /gmail/v1/users/me/profile (users.getProfile). */
export async function getProfile(
  ctx: ConnectorContext,
  accessToken: string,
): Promise<GmailProfile> {
  const response = await ctx.http({
    method: "GET",
    path: userPath(ctx, "/profile"),
    headers: authorization(accessToken),
    idempotent: true,
  });
  const profile = parseProfile(response.body);
  if (!profile) {
    throw unreadable("the profile", "UNAVAILABLE");
  }
  return profile;
}

/** GET /gmail/v1/users/me/messages (users.messages.list), one page. */
export async function listMessages(
  ctx: ConnectorContext,
  accessToken: string,
  params: { q?: string; maxResults?: number; pageToken?: string },
): Promise<GmailMessagePage> {
  const response = await ctx.http({
    method: "GET",
    path: userPath(ctx, "/messages"),
    query: { q: params.q, maxResults: params.maxResults, pageToken: params.pageToken },
    headers: authorization(accessToken),
    idempotent: true,
  });
  const page = parseMessagePage(response.body);
  if (!page) {
    throw unreadable("a message list", "UNAVAILABLE");
  }
  return page;
}

/** GET /gmail/v1/users/me/messages/{id}?format=metadata (users.messages.get). */
export async function getMessageMetadata(
  ctx: ConnectorContext,
  accessToken: string,
  id: string,
  headers: string[] = [],
): Promise<GmailMessageMetadata> {
  const query = new URLSearchParams({ format: "metadata" });
  headers.forEach(name => query.append("metadataHeaders", name));
  const response = await ctx.http({
    method: "GET",
    path: userPath(ctx, `/messages/${encodeURIComponent(id)}?${query.toString()}`),
    headers: authorization(accessToken),
    idempotent: true,
  });
  const message = parseMessageMetadata(response.body);
  if (!message) {
    throw unreadable("a message", "UNAVAILABLE");
  }
  return message;
}

/**
 * The message carrying `Message-ID: rfcMessageId`, through the `rfc822msgid:` search operator
 * (https://support.google.com/mail/answer/7190). Reads a few pages at most: one Message-ID
 * matches one message unless it was sent twice.
 */
export async function findByRfc822MessageId(
  ctx: ConnectorContext,
  accessToken: string,
  rfcMessageId: string,
  maxPages = 5,
): Promise<GmailMessageRef | undefined> {
  const q = `rfc822msgid:${rfcMessageId.replace(/^<|>$/g, "")}`;
  let pageToken: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const result = await listMessages(ctx, accessToken, {
      q,
      maxResults: 10,
      ...(pageToken ? { pageToken } : {}),
    });
    const [first] = result.messages;
    if (first) {
      return first;
    }
    pageToken = result.nextPageToken;
    if (!pageToken) {
      return undefined;
    }
  }
  return undefined;
}

/**
 * POST /gmail/v1/users/me/messages/send (users.messages.send) with `{raw}`. Gmail does not
 * deduplicate, so the write is not idempotent; a lost answer is reconciled by searching for the
 * message's own Message-ID, and sent again only when the search finds nothing.
 */
export async function sendRawMessage(
  ctx: ConnectorContext,
  accessToken: string,
  raw: string,
  rfcMessageId: string,
): Promise<GmailMessageRef> {
  const response = await ctx.http({
    method: "POST",
    path: userPath(ctx, "/messages/send"),
    headers: authorization(accessToken),
    body: { raw: Buffer.from(raw, "utf8").toString("base64url") },
    idempotent: false,
    reconcile: async () => {
      const found = await findByRfc822MessageId(ctx, accessToken, rfcMessageId);
      return found ? { status: 200, headers: new Headers(), body: found } : undefined;
    },
  });
  const sent = parseMessageRef(response.body);
  if (!sent) {
    throw unreadable("the send", "UNKNOWN_OUTCOME");
  }
  return sent;
}
