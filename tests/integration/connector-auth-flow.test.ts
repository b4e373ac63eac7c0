import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Connection } from "../../orm/entities/index.js";
import { openSecrets } from "../../platform/vault/sealed-secrets.js";
import {
  connectOAuth,
  connectWithCredentials,
  consent,
  sandboxesOf,
  sendMessage,
} from "../support/connections.js";
import { makeWorkspace } from "../support/factories.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

// The seed's "connector auth flow": every way of connecting an account, through the gateway.
// The catalog is in connector-catalog.test.ts, the flow's refusals in connector-auth-guards.test.ts.
describe("connector auth flow", () => {
  let t: TestStack;
  let workspaceA: string;
  let tokenA: string;
  const connectionQuery = `query($id: ID!) { connection(id: $id) {
    id provider status statusReason externalAccountId tokenExpiresAt settings { key value } } }`;
  const tokenCalls = (provider: string, path: string) =>
    sandboxesOf(t).requests.filter(r => r.provider === provider && r.path === path).length;
  const stored = (id: string) =>
    t.orm.em.fork().findOneOrFail(Connection, { id }, { populate: ["secrets"] as never });

  beforeAll(async () => {
    t = await startTestStack();
    workspaceA = (await makeWorkspace(t.orm, "A")).id;
    tokenA = await t.tokenFor(workspaceA);
  });
  afterAll(() => t.stop());

  it("OAuth: a PKCE S256 authorize URL, then the HTTP callback completes the connection once", async () => {
    const { authorizeUrl, callback } = await consent(t, tokenA, "slack");
    const authorize = new URL(authorizeUrl);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${t.stack.publicUrl}/oauth/callback`);
    expect(callback.origin + callback.pathname).toBe(`${t.stack.publicUrl}/oauth/callback`);

    const page = await fetch(callback);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("is connected");
    const again = await fetch(callback);
    expect(again.status).toBe(400);

    const list = await t.query<{ connections: Array<Record<string, unknown>> }>(
      tokenA,
      `{ connections(provider: "slack") { id status externalAccountId tokenExpiresAt scopes } }`,
    );
    expect(list.data!.connections).toHaveLength(1);
    const slack = list.data!.connections[0]!;
    expect(slack).toMatchObject({ status: "ACTIVE", externalAccountId: "T0SANDBOX" });
    expect(new Date(String(slack.tokenExpiresAt)).getTime()).toBeGreaterThan(
      Date.now() + 11 * 3600e3,
    );
    expect(JSON.stringify(list)).not.toMatch(/xox/);
  });

  it("API-key accounts are verified by a live call before anything is stored", async () => {
    const account = sandboxesOf(t).sandboxes.twilio.createAccount();
    const count = () =>
      t.orm.em.fork().count(Connection, { workspace: workspaceA, provider: "twilio" });
    const attempt = (credentials: Record<string, string>) =>
      t.query(
        tokenA,
        `mutation($i: ConnectWithCredentialsInput!) { connectWithCredentials(input: $i) { id } }`,
        {
          i: {
            provider: "twilio",
            credentials: Object.entries(credentials).map(([name, value]) => ({ name, value })),
          },
        },
      );
    const wrong = await attempt({
      accountSid: account.accountSid,
      authToken: "0".repeat(32),
      fromNumber: account.fromNumber,
    });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "credentials",
    });
    const missing = await attempt({ accountSid: account.accountSid, authToken: account.authToken });
    expect(missing.errors?.[0]?.extensions?.field).toBe("credentials.fromNumber");
    const unknown = await attempt({ ...account, password: "x" });
    expect(unknown.errors?.[0]?.extensions?.field).toBe("credentials.password");
    expect(await count()).toBe(0);

    const id = await connectWithCredentials(t, tokenA, "twilio", { ...account });
    const row = await stored(id);
    expect(row.status).toBe("ACTIVE");
    expect(sandboxesOf(t).sandboxes.twilio.phoneNumber(account.fromNumber).smsUrl).toBe(
      `${t.stack.publicUrl}/webhooks/twilio/${id}`,
    );
  });

  it("SendGrid registers its signed event webhook when connected", async () => {
    const account = sandboxesOf(t).sandboxes.sendgrid.createAccount();
    const id = await connectWithCredentials(t, tokenA, "sendgrid", {
      apiKey: account.apiKey,
      fromEmail: account.fromEmail,
    });
    const result = await t.query<{
      connection: { settings: Array<{ key: string; value: string }> };
    }>(tokenA, connectionQuery, { id });
    expect(result.data!.connection.settings).toContainEqual({
      key: "webhookPublicKey",
      value: account.publicKey,
    });
    expect(sandboxesOf(t).sandboxes.sendgrid.eventWebhook(account.apiKey)?.url).toBe(
      `${t.stack.publicUrl}/webhooks/sendgrid/${id}`,
    );
  });

  it("testConnection checks live and records a revocation; disconnect wipes the secrets", async () => {
    const account = sandboxesOf(t).sandboxes.twilio.createAccount();
    const id = await connectWithCredentials(t, tokenA, "twilio", { ...account });
    const test = `mutation($id: ID!) { testConnection(id: $id) { ok status error { code message } } }`;
    expect((await t.query(tokenA, test, { id })).data).toEqual({
      testConnection: { ok: true, status: "ACTIVE", error: null },
    });
    sandboxesOf(t).sandboxes.twilio.rotateAuthToken(account.accountSid);
    const revoked = await t.query<{ testConnection: Record<string, unknown> }>(tokenA, test, {
      id,
    });
    expect(revoked.data!.testConnection).toMatchObject({
      ok: false,
      status: "REVOKED",
      error: { code: "AUTH_REVOKED" },
    });
    const seen = await t.query<{ connection: Record<string, unknown> }>(tokenA, connectionQuery, {
      id,
    });
    expect(seen.data!.connection.statusReason).toMatch(/AUTH_REVOKED/);

    const gone = await t.query(tokenA, `mutation($id: ID!) { disconnect(id: $id) { status } }`, {
      id,
    });
    expect(gone.data).toEqual({ disconnect: { status: "DISCONNECTED" } });
    expect((await stored(id)).secrets).toBeNull();
  });

  describe("token refresh", () => {
    let slack: string;
    let token: string;
    beforeAll(async () => {
      token = await t.tokenFor((await makeWorkspace(t.orm, "Refresh")).id);
      slack = await connectOAuth(t, token, "slack");
    });
    const post = (key: string) =>
      sendMessage(t, token, {
        connectionId: slack,
        to: "C0SANDBOX01",
        text: "hi",
        idempotencyKey: key,
      });

    it("refreshes within the margin before a call, storing the rotated refresh token", async () => {
      const before = openSecrets(t.stack.runtime.vault, await stored(slack));
      await t.orm.em
        .getConnection()
        .execute(
          `update connection set token_expires_at = now() + interval '1 minute' where id = ?`,
          [slack],
        );
      const calls = tokenCalls("slack", "/api/oauth.v2.access");
      expect((await post("proactive")).data?.sendMessage.status).toBe("SENT");
      expect(tokenCalls("slack", "/api/oauth.v2.access")).toBe(calls + 1);
      const after = openSecrets(t.stack.runtime.vault, await stored(slack));
      expect(after.accessToken).not.toBe(before.accessToken);
      expect(after.refreshToken).toBeTruthy();
      expect(after.refreshToken).not.toBe(before.refreshToken);
    });

    it("on AUTH_EXPIRED refreshes, then replays the call exactly once", async () => {
      const posted = sandboxesOf(t).sandboxes.slack.posted.length;
      const calls = tokenCalls("slack", "/api/oauth.v2.access");
      sandboxesOf(t).inject("slack", { kind: "AUTH_EXPIRED", match: { path: "chat.postMessage" } });
      expect((await post("reactive")).data?.sendMessage.status).toBe("SENT");
      expect(tokenCalls("slack", "/api/oauth.v2.access")).toBe(calls + 1);
      expect(sandboxesOf(t).sandboxes.slack.posted.length).toBe(posted + 1);
    });

    it("refreshes once for concurrent callers in different processes' shoes (a row lock)", async () => {
      const { accessToken } = openSecrets(t.stack.runtime.vault, await stored(slack));
      const calls = tokenCalls("slack", "/api/oauth.v2.access");
      const [one, two] = await Promise.all([
        t.stack.runtime.refresher.refresh(slack, accessToken, true),
        t.stack.runtime.refresher.refresh(slack, accessToken, true),
      ]);
      expect(tokenCalls("slack", "/api/oauth.v2.access")).toBe(calls + 1);
      expect(one.secrets.accessToken).toBe(two.secrets.accessToken);
    });

    it("a dead grant puts the connection in REFRESH_FAILED, with the reason for the dashboard", async () => {
      const gmail = await connectOAuth(t, token, "gmail");
      sandboxesOf(t).sandboxes.gmail.revokeAccess("sandbox@crosscast-sandbox.test");
      const result = await sendMessage(t, token, {
        connectionId: gmail,
        to: "someone@example.com",
        subject: "Hi",
        text: "hello",
        idempotencyKey: "dead-grant",
      });
      expect(result.data?.sendMessage).toMatchObject({
        status: "FAILED",
        error: { code: "AUTH_REVOKED" },
      });
      const seen = await t.query<{ connection: Record<string, unknown> }>(token, connectionQuery, {
        id: gmail,
      });
      expect(seen.data!.connection).toMatchObject({ status: "REFRESH_FAILED" });
      expect(seen.data!.connection.statusReason).toMatch(/refresh failed/i);
    });
  });

  it("no plaintext secret is anywhere in the database", async () => {
    const connections = await t.orm.em
      .fork()
      .find(Connection, { secrets: { $ne: null } }, { populate: ["secrets"] as never });
    const secrets = connections.flatMap(row =>
      Object.values(openSecrets(t.stack.runtime.vault, row)),
    );
    expect(secrets.length).toBeGreaterThan(4);
    const tables = await t.orm.em
      .getConnection()
      .execute<Array<{ name: string }>>(
        `select tablename as name from pg_tables where schemaname = 'public'`,
      );
    let dump = "";
    for (const { name } of tables) {
      const rows = await t.orm.em
        .getConnection()
        .execute<Array<{ row: string }>>(`select t::text as row from "${name}" t`);
      dump += rows.map(r => r.row).join("\n");
    }
    for (const secret of secrets) {
      expect(dump.includes(secret)).toBe(false);
    }
  });
});
