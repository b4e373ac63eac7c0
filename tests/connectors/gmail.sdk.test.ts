import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { auth, gmail as gmailApi } from "@googleapis/gmail";
import {
  createGmailSandbox,
  type GmailSandbox,
  type GmailSandboxAccount,
} from "../../connectors/gmail/gmail.sandbox.js";
import { startSandbox, type RunningSandbox } from "../support/sandbox.js";

/**
 * The official SDK (`@googleapis/gmail` with google-auth-library 11) against the sandbox: the
 * OAuth2Client's `endpoints.oauth2TokenUrl` points at it and holds only a refresh token, so the
 * SDK's own refresh runs against the sandbox's token endpoint. `rootUrl` is passed per call: given
 * to `gmail({rootUrl})`, googleapis-common rewrites each URL with `new URL(path, rootUrl)`, which
 * drops the sandbox's `/gmail` prefix; per call it is prepended to the service path instead.
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
    return gmailApi({ version: "v1", auth: oauth });
  };
  const at = () => ({ rootUrl: `${sandbox.host.url()}/gmail/` });
  const raw = (lines: string[]) => Buffer.from(lines.join("\r\n"), "utf8").toString("base64url");

  it("refreshes through the sandbox, reads the profile and sends a message with users.messages.send", async () => {
    const api = client(account.secrets.refreshToken);
    const profile = await api.users.getProfile({ userId: "me" }, at());
    expect(profile.data.emailAddress).toBe(account.emailAddress);
    expect(
      sandbox.host.requests.filter(r => r.method === "POST" && r.path === "/token"),
    ).toHaveLength(1);

    const sent = await api.users.messages.send(
      {
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
      },
      at(),
    );
    expect(sent.data.labelIds).toEqual(["SENT"]);
    expect(gmail.sent.filter(m => m.id === sent.data.id)).toMatchObject([
      { subject: "From the SDK", text: "Sent by @googleapis/gmail.", to: ["reader@example.com"] },
    ]);

    const found = await api.users.messages.list(
      { userId: "me", q: "rfc822msgid:sdk-1@crosscast.mail" },
      at(),
    );
    expect(found.data.messages?.map(m => m.id)).toEqual([sent.data.id]);
  });

  it("reads the sandbox's Google error bodies: a message without recipients is a 400", async () => {
    const api = client(account.secrets.refreshToken);
    const error = await api.users.messages
      .send({ userId: "me", requestBody: { raw: raw(["Subject: nobody", "", "x"]) } }, at())
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
      .users.getProfile({ userId: "me" }, at())
      .then(
        () => undefined,
        (e: unknown) => e as { message?: string; response?: { data?: unknown } },
      );
    expect(error?.response?.data).toMatchObject({ error: "invalid_grant" });
  });
});
