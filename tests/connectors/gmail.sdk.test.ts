import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { auth, gmail as gmailApi } from "@googleapis/gmail";
import { gmailConnector } from "../../connectors/gmail/gmail.connector.js";
import {
  createGmailSandbox,
  type GmailSandbox,
  type GmailSandboxAccount,
} from "../../connectors/gmail/gmail.sandbox.js";
import { startSandbox, type RunningSandbox } from "../support/sandbox.js";

/**
 * The official SDK (`@googleapis/gmail` with google-auth-library 11) against the sandbox, with
 * nothing but its base-URL options: `gmail({rootUrl})` is the configured API base (googleapis-common
 * resolves Gmail's absolute paths `/gmail/v1/…` against it, so the sandbox serves them there), and
 * the OAuth2Client's `endpoints.oauth2TokenUrl` is the configured token URL. The client holds only
 * a refresh token, so the SDK's own refresh runs against the sandbox's token endpoint.
 */
describe("the official Gmail SDK against the sandbox", () => {
  let sandbox: RunningSandbox<{ gmail: typeof createGmailSandbox }>;
  let gmail: GmailSandbox;
  let account: GmailSandboxAccount;

  beforeAll(async () => {
    sandbox = await startSandbox({ gmail: createGmailSandbox });
    gmail = sandbox.host.sandboxes.gmail;
    account = gmail.createAccount({ emailAddress: "sdk-user@crosscast-sandbox.test" });
  });
  afterAll(() => sandbox.close());

  const client = (refreshToken: string) => {
    const config = sandbox.configs.gmail;
    const oauth = new auth.OAuth2({
      clientId: config.clientId!,
      clientSecret: config.clientSecret!,
      endpoints: { oauth2TokenUrl: config.tokenUrl! },
    });
    oauth.setCredentials({ refresh_token: refreshToken });
    return gmailApi({ version: "v1", auth: oauth, rootUrl: config.apiBaseUrl });
  };
  const raw = (lines: string[]) => Buffer.from(lines.join("\r\n"), "utf8").toString("base64url");

  it("refreshes through the sandbox, reads the profile and sends a message with users.messages.send", async () => {
    const api = client(account.secrets.refreshToken);
    const profile = await api.users.getProfile({ userId: "me" });
    expect(profile.data.emailAddress).toBe(account.emailAddress);
    // The URL the connector calls too: Gmail's own path below the sandbox's gmail base.
    expect(sandbox.configs.gmail.apiBaseUrl).toBe(`${sandbox.host.url()}/gmail`);
    await gmailConnector.verify(sandbox.context(gmailConnector), account);
    expect(sandbox.host.requests.filter(r => r.method === "GET").map(r => r.path)).toEqual([
      "/v1/users/me/profile",
      "/v1/users/me/profile",
    ]);
    expect(
      sandbox.host.requests.filter(r => r.method === "POST" && r.path === "/token"),
    ).toHaveLength(1);

    const sent = await api.users.messages.send({
      userId: "me",
      requestBody: {
        raw: raw([
          `From: ${account.emailAddress}`,
          "To: reader@example.com",
          "Subject: From the SDK",
          "Message-ID: <sdk-1@crosscast.mail>",
          "",
          "Sent by @googleapis/gmail.",
        ]),
      },
    });
    expect(sent.data.labelIds).toEqual(["SENT"]);
    expect(gmail.sent.filter(m => m.id === sent.data.id)).toMatchObject([
      { subject: "From the SDK", text: "Sent by @googleapis/gmail.", to: ["reader@example.com"] },
    ]);

    const found = await api.users.messages.list({
      userId: "me",
      q: "rfc822msgid:sdk-1@crosscast.mail",
    });
    expect(found.data.messages?.map(m => m.id)).toEqual([sent.data.id]);
  });

  it("reads the sandbox's Google error bodies: a message without recipients is a 400", async () => {
    const api = client(account.secrets.refreshToken);
    const error = await api.users.messages
      .send({ userId: "me", requestBody: { raw: raw(["Subject: nobody", "", "x"]) } })
      .then(
        () => undefined,
        (e: unknown) => e as { status?: number; message?: string },
      );
    expect(error?.status).toBe(400);
    expect(error?.message).toBe("Recipient address required");
  });

  it("a revoked refresh token fails the SDK's own refresh with invalid_grant", async () => {
    const revoked = gmail.createAccount({ emailAddress: "sdk-revoked@crosscast-sandbox.test" });
    gmail.revokeAccess(revoked.emailAddress);
    const error = await client(revoked.secrets.refreshToken)
      .users.getProfile({ userId: "me" })
      .then(
        () => undefined,
        (e: unknown) => e as { message?: string; response?: { data?: unknown } },
      );
    expect(error?.response?.data).toMatchObject({ error: "invalid_grant" });
  });
});
