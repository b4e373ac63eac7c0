/**
 * Gmail OAuth scopes (https://developers.google.com/workspace/gmail/api/auth/scopes). Which
 * method accepts which scope comes from the Gmail discovery document, as reproduced in the
 * `@googleapis/gmail` generated client: `users.messages.send` accepts gmail.send, but
 * `users.getProfile` and `users.messages.list` do not, so `gmail.send` alone cannot verify a
 * connection or find a message again after a lost answer.
 */
const BASE = "https://www.googleapis.com/auth/";

export const GMAIL_SCOPES = {
  full: "https://mail.google.com/",
  send: `${BASE}gmail.send`,
  compose: `${BASE}gmail.compose`,
  modify: `${BASE}gmail.modify`,
  readonly: `${BASE}gmail.readonly`,
  metadata: `${BASE}gmail.metadata`,
} as const;

/**
 * What the connector asks for: send, plus read access for the profile (verify) and the
 * `rfc822msgid:` search (reconcile). The catalog lists only gmail.send.
 */
export const GMAIL_CONNECTOR_SCOPES: readonly string[] = [GMAIL_SCOPES.send, GMAIL_SCOPES.readonly];
