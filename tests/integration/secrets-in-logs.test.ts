import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Connection } from "../../orm/entities/index.js";
import { openSecrets } from "../../platform/vault/sealed-secrets.js";
import {
  connectOAuth,
  connectWithCredentials,
  eventually,
  sandboxesOf,
  sendMessage,
} from "../support/connections.js";
import { makeWorkspace } from "../support/factories.js";
import { captureLogs } from "../support/log-capture.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

// Secrets are never written to a log: every service logs at debug level while accounts are
// connected (credentials and OAuth), used, refused and revoked, and no line may carry a secret.
describe("secrets never reach the logs", () => {
  const { entries: lines, logger } = captureLogs(line => line);
  let t: TestStack;
  let token: string;
  const refusedToken = "f".repeat(32);

  beforeAll(async () => {
    t = await startTestStack({ logger });
    token = await t.tokenFor((await makeWorkspace(t.orm)).id);
    const { sandboxes } = sandboxesOf(t);

    const twilioAccount = sandboxes.twilio.createAccount();
    const refused = await t.query(
      token,
      `mutation($i: ConnectWithCredentialsInput!) { connectWithCredentials(input: $i) { id } }`,
      {
        i: {
          provider: "twilio",
          credentials: [
            { name: "accountSid", value: twilioAccount.accountSid },
            { name: "authToken", value: refusedToken },
            { name: "fromNumber", value: twilioAccount.fromNumber },
          ],
        },
      },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const twilio = await connectWithCredentials(t, token, "twilio", { ...twilioAccount });
    const sendgridAccount = sandboxes.sendgrid.createAccount();
    const sendgrid = await connectWithCredentials(t, token, "sendgrid", {
      apiKey: sendgridAccount.apiKey,
      fromEmail: sendgridAccount.fromEmail,
    });
    const slack = await connectOAuth(t, token, "slack");
    await connectOAuth(t, token, "gmail");

    const sent = await sendMessage(t, token, {
      connectionId: twilio,
      to: "+14155550170",
      text: "Hello",
      idempotencyKey: "logs-1",
    });
    const messageId = sent.data!.sendMessage.id;
    await sendMessage(t, token, {
      connectionId: sendgrid,
      to: "reader@example.com",
      subject: "Hello",
      text: "Hello",
      idempotencyKey: "logs-2",
    });
    await sendMessage(t, token, {
      connectionId: slack,
      to: "#general",
      text: "Hello",
      idempotencyKey: "logs-3",
    });
    // Signed status callbacks are verified with the auth token, then processed.
    await eventually(async () => {
      const result = await t.query<{ message: { status: string } }>(
        token,
        `query($id: ID!) { message(id: $id) { status } }`,
        { id: messageId },
      );
      return result.data?.message.status === "DELIVERED";
    });
    // A provider refusal, then a live test that finds the credential revoked.
    sandboxes.twilio.rotateAuthToken(twilioAccount.accountSid);
    await sendMessage(t, token, {
      connectionId: twilio,
      to: "+14155550171",
      text: "Hello",
      idempotencyKey: "logs-4",
    });
    await t.query(token, `mutation($id: ID!) { testConnection(id: $id) { ok } }`, {
      id: twilio,
    });
  });
  afterAll(() => t.stop());

  it("logs the work, and no line carries a stored secret or a refused one", async () => {
    const connections = await t.orm.em
      .fork()
      .find(Connection, { secrets: { $ne: null } }, { populate: ["secrets"] as never });
    const secrets = [
      refusedToken,
      ...connections.flatMap(row => {
        const fields = openSecrets(t.stack.runtime.vault, row);
        // Basic auth carries the token encoded with the account (Twilio's Authorization header).
        const basic = row.settings.accountSid
          ? [Buffer.from(`${row.settings.accountSid}:${fields.authToken}`).toString("base64")]
          : [];
        return [...Object.values(fields), ...basic];
      }),
    ].filter(value => value.length >= 8);
    // Twilio's token (plain and as Basic auth), SendGrid's key, both OAuth grants' access and
    // refresh tokens, and the refused token.
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    // The logs did record the work: operations at every service, and the failures.
    expect(lines.filter(line => line.includes('"graphql operation"')).length).toBeGreaterThan(10);
    expect(lines.some(line => /AUTH_REVOKED/.test(line))).toBe(true);
    const leaks = secrets.filter(secret => lines.some(line => line.includes(secret)));
    expect(leaks).toEqual([]);
  });
});
