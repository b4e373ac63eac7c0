import type { Sandboxes } from "../../app/sandboxes.js";
import type { TestStack } from "./test-stack.js";

export const SEND_MESSAGE = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) {
    id status recipient provider providerMessageId attempts
    error { code message providerCode }
  }
}`;

export interface SentMessage {
  id: string;
  status: string;
  recipient: string;
  provider: string;
  providerMessageId: string | null;
  attempts: number;
  error: { code: string; message: string; providerCode: string | null } | null;
}

export function sandboxesOf(t: TestStack): Sandboxes {
  if (!t.stack.sandboxes) {
    throw new Error("the test stack runs without sandboxes");
  }
  return t.stack.sandboxes;
}

/** Connects an API-key or basic-auth account through the gateway; returns the connection id. */
export async function connectWithCredentials(
  t: TestStack,
  token: string,
  provider: string,
  credentials: Record<string, string>,
): Promise<string> {
  const result = await t.query<{ connectWithCredentials: { id: string } }>(
    token,
    `mutation($input: ConnectWithCredentialsInput!) { connectWithCredentials(input: $input) { id } }`,
    {
      input: {
        provider,
        credentials: Object.entries(credentials).map(([name, value]) => ({ name, value })),
      },
    },
  );
  if (!result.data?.connectWithCredentials) {
    throw new Error(`connectWithCredentials failed: ${JSON.stringify(result.errors)}`);
  }
  return result.data.connectWithCredentials.id;
}

/** Starts an OAuth connection and follows the sandbox's consent redirect; returns state and code. */
export async function consent(
  t: TestStack,
  token: string,
  provider: string,
  extra: Record<string, string> = {},
): Promise<{ state: string; code: string; authorizeUrl: string; callback: URL }> {
  const begun = await t.query<{ beginConnection: { authorizeUrl: string; state: string } }>(
    token,
    `mutation($input: BeginConnectionInput!) { beginConnection(input: $input) { authorizeUrl state expiresAt } }`,
    { input: { provider } },
  );
  if (!begun.data?.beginConnection) {
    throw new Error(`beginConnection failed: ${JSON.stringify(begun.errors)}`);
  }
  const { authorizeUrl, state } = begun.data.beginConnection;
  const url = new URL(authorizeUrl);
  for (const [key, value] of Object.entries(extra)) {
    url.searchParams.set(key, value);
  }
  const answer = await fetch(url, { redirect: "manual" });
  const callback = new URL(answer.headers.get("location") ?? "");
  return { state, code: callback.searchParams.get("code") ?? "", authorizeUrl, callback };
}

/** The whole OAuth flow through GraphQL; returns the connection id. */
export async function connectOAuth(t: TestStack, token: string, provider: string): Promise<string> {
  const { state, code } = await consent(t, token, provider);
  const done = await t.query<{ completeConnection: { id: string } }>(
    token,
    `mutation($input: CompleteConnectionInput!) { completeConnection(input: $input) { id } }`,
    { input: { state, code } },
  );
  if (!done.data?.completeConnection) {
    throw new Error(`completeConnection failed: ${JSON.stringify(done.errors)}`);
  }
  return done.data.completeConnection.id;
}

export async function sendMessage(t: TestStack, token: string, input: Record<string, unknown>) {
  return t.query<{ sendMessage: SentMessage }>(token, SEND_MESSAGE, { input });
}

/** Polls until `check` returns a value (webhooks and events arrive asynchronously). */
export async function eventually<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error("the condition did not hold in time");
    }
    await new Promise(resolve => setTimeout(resolve, 25));
  }
}
