import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Message } from "../../orm/entities/index.js";
import {
  connectOAuth,
  connectWithCredentials,
  eventually,
  sandboxesOf,
  sendMessage,
} from "../support/connections.js";
import { makeWorkspace } from "../support/factories.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

// The seed's "error handling": every failure class, through the gateway, ends in a typed error or
// a recorded message state; nothing is sent twice and no provider body reaches the client.
describe("error handling", () => {
  let t: TestStack;
  let token: string;
  let workspaceId: string;
  let twilio: string;
  let whatsapp: string;
  let slack: string;
  let twilioAccount: { accountSid: string; authToken: string; fromNumber: string };
  let sequence = 0;
  const key = () => `key-${(sequence += 1)}`;
  const sms = (to: string, extra: Record<string, unknown> = {}) =>
    sendMessage(t, token, {
      connectionId: twilio,
      to,
      text: "Hello",
      idempotencyKey: key(),
      ...extra,
    });
  const sentByTwilio = () =>
    sandboxesOf(t).sandboxes.twilio.sentMessages(twilioAccount.accountSid).length;
  const messageCount = () => t.orm.em.fork().count(Message, { workspace: workspaceId });

  beforeAll(async () => {
    // Status webhooks come after the client's timeout, so a lost answer is seen as lost.
    t = await startTestStack({ env: { PROVIDER_TIMEOUT_MS: "400" }, sandboxStatusDelayMs: 1_000 });
    workspaceId = (await makeWorkspace(t.orm)).id;
    token = await t.tokenFor(workspaceId);
    twilioAccount = sandboxesOf(t).sandboxes.twilio.createAccount();
    twilio = await connectWithCredentials(t, token, "twilio", { ...twilioAccount });
    const wa = sandboxesOf(t).sandboxes.whatsapp.createAccount();
    whatsapp = await connectWithCredentials(t, token, "whatsapp", {
      accessToken: wa.accessToken,
      phoneNumberId: wa.phoneNumberId,
    });
    slack = await connectOAuth(t, token, "slack");
  });
  afterAll(() => t.stop());

  it("a 429 with Retry-After is waited out, then the message is sent once", async () => {
    const before = sentByTwilio();
    sandboxesOf(t).inject("twilio", {
      kind: "RATE_LIMITED",
      retryAfterSeconds: 1,
      match: { method: "POST", path: "Messages.json" },
    });
    const result = await sms("+14155550101");
    expect(result.data?.sendMessage).toMatchObject({ status: "SENT", attempts: 1, error: null });
    expect(sentByTwilio()).toBe(before + 1);
  });

  it("a rate limit longer than a caller is held is RATE_LIMITED with the wait; the same key sends later", async () => {
    sandboxesOf(t).inject("twilio", {
      kind: "RATE_LIMITED",
      retryAfterSeconds: 120,
      match: { method: "POST", path: "Messages.json" },
    });
    const idempotencyKey = key();
    const limited = await sms("+14155550102", { idempotencyKey });
    expect(limited.errors?.[0]?.extensions).toMatchObject({
      code: "RATE_LIMITED",
      retryAfterMs: 120_000,
    });
    const recorded = await t.orm.em
      .fork()
      .findOneOrFail(Message, { workspace: workspaceId, idempotencyKey });
    expect(recorded).toMatchObject({ status: "QUEUED", errorCode: "RATE_LIMITED" });
    const later = await sms("+14155550102", { idempotencyKey });
    expect(later.data?.sendMessage).toMatchObject({ id: recorded.id, status: "SENT", attempts: 2 });
  });

  it("an outage is UNAVAILABLE after the retries, and the same key may try again", async () => {
    sandboxesOf(t).inject(
      "twilio",
      { kind: "UNAVAILABLE", match: { method: "POST", path: "Messages.json" } },
      4,
    );
    const down = await sms("+14155550103");
    expect(down.errors?.[0]?.extensions?.code).toBe("UNAVAILABLE");
    expect(down.errors?.[0]?.message).not.toMatch(/more_info|twilio\.com\/docs|stack/);
  });

  it("a provider refusal fails the message with the provider's code, never its body", async () => {
    const result = await sms("+15005550001"); // Twilio's documented invalid number
    expect(result.data?.sendMessage).toMatchObject({
      status: "FAILED",
      error: { code: "INVALID_REQUEST", providerCode: "21211" },
    });
    expect(JSON.stringify(result)).not.toMatch(/more_info|twilio\.com\/docs/);
  });

  it("reads errors inside HTTP 200 bodies (Slack ok:false)", async () => {
    const result = await sendMessage(t, token, {
      connectionId: slack,
      to: "C0NOTREAL123",
      text: "Hello",
      idempotencyKey: key(),
    });
    expect(result.data?.sendMessage).toMatchObject({
      status: "FAILED",
      error: { code: "INVALID_REQUEST", providerCode: "channel_not_found" },
    });
  });

  it("PERMISSION_DENIED fails the message and leaves the connection usable", async () => {
    sandboxesOf(t).inject("twilio", {
      kind: "PERMISSION_DENIED",
      match: { method: "POST", path: "Messages.json" },
    });
    expect((await sms("+14155550104")).data?.sendMessage).toMatchObject({
      status: "FAILED",
      error: { code: "PERMISSION_DENIED" },
    });
    expect((await sms("+14155550105")).data?.sendMessage.status).toBe("SENT");
  });

  it("a timeout after sending is looked up and not sent again (Twilio)", async () => {
    const before = sentByTwilio();
    sandboxesOf(t).inject("twilio", {
      kind: "TIMEOUT_AFTER_SENDING",
      match: { method: "POST", path: "Messages.json" },
    });
    const result = await sms("+14155550106");
    expect(result.data?.sendMessage).toMatchObject({ status: "SENT", error: null });
    expect(sentByTwilio()).toBe(before + 1);
    const sid = sandboxesOf(t).sandboxes.twilio.sentMessages(twilioAccount.accountSid).at(-1)!.sid;
    expect(result.data?.sendMessage.providerMessageId).toBe(sid);
  });

  it("a timeout with no lookup is UNKNOWN_OUTCOME, never resent, and the signed status settles it (WhatsApp)", async () => {
    const accepted = () => sandboxesOf(t).sandboxes.whatsapp.accepted.length;
    const before = accepted();
    sandboxesOf(t).inject("whatsapp", { kind: "TIMEOUT_AFTER_SENDING", match: { method: "POST" } });
    const input = {
      connectionId: whatsapp,
      to: "+14155550107",
      text: "Hello",
      idempotencyKey: key(),
    };
    const unknown = await sendMessage(t, token, input);
    expect(unknown.data?.sendMessage).toMatchObject({
      status: "QUEUED",
      error: { code: "UNKNOWN_OUTCOME" },
    });
    const repeated = await sendMessage(t, token, input);
    expect(repeated.data?.sendMessage.id).toBe(unknown.data?.sendMessage.id);
    expect(accepted()).toBe(before + 1);
    const settled = await eventually(async () => {
      const row = await t.orm.em.fork().findOne(Message, { id: unknown.data!.sendMessage.id });
      return row && row.status !== "QUEUED" ? row : undefined;
    });
    expect(settled.providerMessageId).toBe(sandboxesOf(t).sandboxes.whatsapp.accepted.at(-1)!.id);
    expect(settled.errorCode).toBeNull();
  });

  it("the same idempotency key returns the same message without a second call; reused for another message it is a CONFLICT", async () => {
    const before = sentByTwilio();
    const input = { connectionId: twilio, to: "+14155550108", text: "Once", idempotencyKey: key() };
    const first = await sendMessage(t, token, input);
    const second = await sendMessage(t, token, input);
    expect(second.data?.sendMessage.id).toBe(first.data?.sendMessage.id);
    expect(sentByTwilio()).toBe(before + 1);
    const other = await sendMessage(t, token, { ...input, text: "Something else" });
    expect(other.errors?.[0]?.extensions).toMatchObject({
      code: "CONFLICT",
      field: "idempotencyKey",
    });
  });

  it("bad input is refused with a typed error and writes nothing", async () => {
    const before = await messageCount();
    const expectations: Array<[Record<string, unknown>, string, string | undefined]> = [
      [{ to: "555-0100" }, "BAD_USER_INPUT", "to"],
      [{ text: "x".repeat(1601) }, "BAD_USER_INPUT", "text"],
      [{ subject: "Hi" }, "BAD_USER_INPUT", "subject"],
      [{ text: "   " }, "BAD_USER_INPUT", "text"],
      [{ channel: "EMAIL" }, "BAD_USER_INPUT", "channel"],
      [{ idempotencyKey: "has spaces" }, "BAD_USER_INPUT", "idempotencyKey"],
      [{ connectionId: "0193a000-0000-7000-8000-00000000dead" }, "NOT_FOUND", undefined],
    ];
    for (const [change, code, field] of expectations) {
      const result = await sms("+14155550109", change);
      expect({ change, extensions: result.errors?.[0]?.extensions }).toMatchObject({
        change,
        extensions: { code, ...(field ? { field } : {}) },
      });
    }
    const otherWorkspace = await t.tokenFor((await makeWorkspace(t.orm)).id);
    const foreign = await sendMessage(t, otherWorkspace, {
      connectionId: twilio,
      to: "+14155550109",
      text: "x",
      idempotencyKey: key(),
    });
    expect(foreign.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(await messageCount()).toBe(before);
  });

  it("a revoked credential fails the send and marks the connection; later sends are refused", async () => {
    sandboxesOf(t).inject("twilio", {
      kind: "AUTH_REVOKED",
      match: { method: "POST", path: "Messages.json" },
    });
    expect((await sms("+14155550110")).data?.sendMessage).toMatchObject({
      status: "FAILED",
      error: { code: "AUTH_REVOKED" },
    });
    const refused = await sms("+14155550111");
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: "CONNECTION_INACTIVE",
      status: "REVOKED",
    });
  });
});
