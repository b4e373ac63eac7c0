import type { ConnectionHandle } from "../../../connectors/kit/contracts/index.js";
import { gmailConnector } from "../../../connectors/gmail/gmail.connector.js";
import { createGmailSandbox } from "../../../connectors/gmail/gmail.sandbox.js";
import { classifyTokenResponse, type TokenGrantOptions } from "../../../connectors/kit/oauth2.js";
import { createProviderHttp } from "../../../connectors/kit/provider-http.js";
import type { OutboundMessage } from "../../../connectors/kit/contracts/index.js";
import { failure, useSandbox } from "./sandbox-fixture.js";

export { failure };

/**
 * The Gmail sandbox for the describe that calls it (started before its tests, closed after
 * them), and the helpers its tests share.
 */
export function useGmailFixture() {
  const { sandbox } = useSandbox("Gmail", { gmail: createGmailSandbox });
  let counter = 0;

  const gmail = () => sandbox().host.sandboxes.gmail;
  const ctx = (options: { timeoutMs?: number } = {}) => sandbox().context(gmailConnector, options);
  const tokenGrant = (): TokenGrantOptions => {
    const { configs, waits } = sandbox();
    return {
      config: configs.gmail,
      http: createProviderHttp({
        provider: "gmail",
        baseUrl: configs.gmail.tokenUrl!,
        classify: classifyTokenResponse,
        retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 1_000 },
        sleep: async ms => void waits.push(ms),
      }),
    };
  };
  const connection = (scopes?: string[]): ConnectionHandle => {
    counter += 1;
    const account = gmail().createAccount({
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
    gmail().sent.filter(sent => sent.messageId === `<${messageId}@crosscast.mail>`);
  const sendRequests = () =>
    sandbox().host.requests.filter(r => r.method === "POST" && r.path.endsWith("/messages/send"))
      .length;

  return { sandbox, gmail, ctx, tokenGrant, connection, message, sentWith, sendRequests };
}
