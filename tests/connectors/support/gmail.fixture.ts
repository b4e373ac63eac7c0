import type { ConnectionHandle } from "../../../connectors/connector.js";
import { gmailConnector } from "../../../connectors/gmail/gmail.connector.js";
import { createGmailSandbox, type GmailSandbox } from "../../../connectors/gmail/gmail.sandbox.js";
import type { ConnectorError } from "../../../connectors/kit/connector-error.js";
import { classifyTokenResponse, type TokenGrantOptions } from "../../../connectors/kit/oauth2.js";
import { createProviderHttp } from "../../../connectors/kit/provider-http.js";
import type { OutboundMessage } from "../../../connectors/messaging-connector.js";
import { startSandbox, type RunningSandbox } from "../../support/sandbox.js";

export type RunningGmailSandbox = RunningSandbox<{ gmail: typeof createGmailSandbox }>;

/** What a Gmail test file runs against: the sandbox and its Gmail provider. */
export interface GmailSetup {
  sandbox: RunningGmailSandbox;
  gmail: GmailSandbox;
}

/** The error a call fails with, or undefined when it succeeds. */
export const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as ConnectorError,
  );

/**
 * The Gmail sandbox for one test file, and the helpers its tests share. The file starts it in
 * `beforeAll` with `start()` and closes it in `afterAll` with `close()`.
 */
export function createGmailFixture() {
  let setup: GmailSetup | undefined;
  let counter = 0;
  const current = (): GmailSetup => {
    if (!setup) {
      throw new Error("the Gmail fixture is not started: call start() in beforeAll");
    }
    return setup;
  };

  const ctx = (options: { timeoutMs?: number } = {}) =>
    current().sandbox.context(gmailConnector, options);
  const tokenGrant = (): TokenGrantOptions => {
    const { sandbox } = current();
    return {
      config: sandbox.configs.gmail,
      http: createProviderHttp({
        provider: "gmail",
        baseUrl: sandbox.configs.gmail.tokenUrl!,
        classify: classifyTokenResponse,
        retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 1_000 },
        sleep: async ms => void sandbox.waits.push(ms),
      }),
    };
  };
  const connection = (scopes?: string[]): ConnectionHandle => {
    counter += 1;
    const account = current().gmail.createAccount({
      emailAddress: `owner${counter}@crosscast-sandbox.test`,
      ...(scopes ? { scopes } : {}),
    });
    return {
      id: `connection-${counter}`,
      workspaceId: "workspace-1",
      secrets: { ...account.secrets },
      settings: { ...account.settings },
    };
  };
  const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => {
    counter += 1;
    return {
      messageId: `msg-${counter}`,
      to: "reader@example.com",
      subject: "Hello",
      text: "Hi there",
      ...overrides,
    };
  };
  const sentWith = (messageId: string) =>
    current().gmail.sent.filter(sent => sent.messageId === `<${messageId}@crosscast.mail>`);
  const sendRequests = () =>
    current().sandbox.host.requests.filter(
      r => r.method === "POST" && r.path.endsWith("/messages/send"),
    ).length;

  return {
    ctx,
    tokenGrant,
    connection,
    message,
    sentWith,
    sendRequests,
    async start(): Promise<GmailSetup> {
      const sandbox = await startSandbox({ gmail: createGmailSandbox });
      setup = { sandbox, gmail: sandbox.host.sandboxes.gmail };
      return setup;
    },
    close: () => current().sandbox.close(),
  };
}
