import { describe, expect, it } from "@jest/globals";
import { classifyGmail } from "../../connectors/gmail/gmail.classifier.js";
import { createGmailClient } from "../../connectors/gmail/gmail.client.js";
import { gmailConnector } from "../../connectors/gmail/gmail.connector.js";
import { GMAIL_SCOPES } from "../../connectors/gmail/gmail.oauth.js";
import { useGmailFixture, failure } from "./support/gmail.fixture.js";

// Gmail's refusals and quotas, each read as its kind of failure, and the retries they get.
describe("the Gmail connector against its sandbox", () => {
  const { sandbox, gmail, ctx, connection, message, sentWith } = useGmailFixture();

  it("400 INVALID_ARGUMENT is INVALID_REQUEST: Gmail refuses a message without a recipient", async () => {
    const owner = connection();
    const raw = "From: someone@example.com\r\nSubject: nobody\r\n\r\nbody";
    const error = await failure(
      createGmailClient(ctx(), owner).sendMessage({
        raw: Buffer.from(raw, "utf8").toString("base64url"),
      }),
    );
    expect(error).toMatchObject({ kind: "INVALID_REQUEST" });
    expect(error?.details.providerCode).toBe("invalidArgument");
    expect(error?.message).not.toMatch(/Recipient/);
  });

  it("an injected INVALID_REQUEST is Gmail's 400 invalidArgument, read as INVALID_REQUEST", async () => {
    const owner = connection();
    sandbox().host.inject("gmail", { kind: "INVALID_REQUEST", match: { path: "/messages/send" } });
    const outbound = message();
    const error = await failure(gmailConnector.send(ctx(), owner, outbound));
    expect(error).toMatchObject({ kind: "INVALID_REQUEST" });
    expect(sentWith(outbound.messageId)).toHaveLength(0);
  });

  it("404 notFound for an unknown message is INVALID_REQUEST", async () => {
    const owner = connection();
    const error = await failure(
      createGmailClient(ctx(), owner).getMessageMetadata("18c0ffee00000000"),
    );
    expect(error).toMatchObject({ kind: "INVALID_REQUEST", details: { providerCode: "notFound" } });
  });

  it("403 insufficientPermissions is PERMISSION_DENIED: a gmail.send-only token cannot read the profile", async () => {
    const sendOnly = connection([GMAIL_SCOPES.send]);
    const error = await failure(gmailConnector.verify(ctx(), sendOnly));
    expect(error).toMatchObject({
      kind: "PERMISSION_DENIED",
      details: { providerCode: "insufficientPermissions" },
    });
    sandbox().host.inject("gmail", { kind: "PERMISSION_DENIED", match: { path: "/profile" } });
    await expect(failure(gmailConnector.verify(ctx(), connection()))).resolves.toMatchObject({
      kind: "PERMISSION_DENIED",
    });
  });

  it("429 RESOURCE_EXHAUSTED with Retry-After: the core waits what Gmail announced, then sends once", async () => {
    const owner = connection();
    const waitsBefore = sandbox().waits.length;
    sandbox().host.inject("gmail", {
      kind: "RATE_LIMITED",
      retryAfterSeconds: 7,
      match: { path: "/messages/send" },
    });
    const outbound = message();
    const result = await gmailConnector.send(ctx(), owner, outbound);
    expect(sandbox().waits.slice(waitsBefore)).toEqual([7_000]);
    expect(sentWith(outbound.messageId).map(sent => sent.id)).toEqual([result.providerMessageId]);
  });

  it("403 userRateLimitExceeded (the per-user quota) is RATE_LIMITED", async () => {
    const owner = connection();
    gmail().setQueryRate(owner.settings.emailAddress!, 1);
    await gmailConnector.verify(ctx(), owner);
    const error = await failure(gmailConnector.verify(ctx(), owner));
    expect(error).toMatchObject({
      kind: "RATE_LIMITED",
      details: { providerCode: "userRateLimitExceeded" },
    });
  });

  it("the daily sending limit: a 429 whose wait is longer than a caller is held is handed back", async () => {
    const owner = connection();
    gmail().setSendingLimit(owner.settings.emailAddress!, 1);
    await gmailConnector.send(ctx(), owner, message());
    const outbound = message();
    const error = await failure(gmailConnector.send(ctx(), owner, outbound));
    expect(error).toMatchObject({
      kind: "RATE_LIMITED",
      details: { providerCode: "rateLimitExceeded" },
    });
    expect(error?.details.retryAfterMs).toBeGreaterThan(60_000);
    expect(sentWith(outbound.messageId)).toHaveLength(0);
  });

  it("503 UNAVAILABLE is retried (Gmail did not act), sending once; when it persists it is UNAVAILABLE", async () => {
    const owner = connection();
    sandbox().host.inject("gmail", { kind: "UNAVAILABLE", match: { path: "/messages/send" } });
    const once = message();
    await gmailConnector.send(ctx(), owner, once);
    expect(sentWith(once.messageId)).toHaveLength(1);

    sandbox().host.inject("gmail", { kind: "UNAVAILABLE", match: { path: "/messages/send" } }, 3);
    const never = message();
    await expect(failure(gmailConnector.send(ctx(), owner, never))).resolves.toMatchObject({
      kind: "UNAVAILABLE",
    });
    expect(sentWith(never.messageId)).toHaveLength(0);
  });

  it("Gmail has no errors inside HTTP 200 bodies: a 200 is success whatever it holds", () => {
    const response = { status: 200, headers: new Headers(), body: { error: { code: 400 } } };
    expect(classifyGmail(response, "gmail")).toBeUndefined();
    expect(classifyGmail({ ...response, status: 400 }, "gmail")?.kind).toBe("INVALID_REQUEST");
  });
});
