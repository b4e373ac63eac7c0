/**
 * Gmail's OAuth: Google's authorization server and token dialect (the catalog's `GOOGLE_OAUTH`,
 * read by the kit's standard OAuth 2 client), with Gmail's scopes
 * (https://developers.google.com/workspace/gmail/api/auth/scopes). Which method accepts which
 * scope comes from the Gmail discovery document, as reproduced in the `@googleapis/gmail`
 * generated client: `users.messages.send` accepts gmail.send, but `users.getProfile` and
 * `users.messages.list` do not, so gmail.send alone cannot verify a connection or find a message
 * again after a lost answer. The connector asks for gmail.send and gmail.readonly (the catalog).
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
