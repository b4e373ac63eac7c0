import { describe, expect, it } from "@jest/globals";
import { slackConnector } from "../../connectors/slack/slack.connector.js";
import { useSlackFixture, failure, messageId } from "./support/slack.fixture.js";

// The sandbox's injected faults (rate limits, outages, refusals), rendered as Slack sends them.
describe("the Slack connector against its sandbox", () => {
  const { sandbox, slack, ctx, connection, demo, postsOf, calls } = useSlackFixture();

  describe("injected faults, in Slack's wire format", () => {
    it("RATE_LIMITED: HTTP 429 with Retry-After; the core waits what Slack said, then posts once", async () => {
      sandbox().host.inject("slack", {
        kind: "RATE_LIMITED",
        retryAfterSeconds: 7,
        match: { path: "chat.postMessage" },
      });
      const id = messageId();
      await slackConnector.send(ctx(), demo, { messageId: id, to: "C0SANDBOX01", text: "hi" });
      expect(sandbox().waits).toEqual([7_000]);
      expect(postsOf(id)).toHaveLength(1);
    });

    it("Slack's own per-channel limit answers 429 + Retry-After: 1", async () => {
      slack().createWorkspace({
        id: "T0LIMITS",
        name: "Limits Team",
        channels: [{ id: "C0LIMITS01", name: "limits" }],
      });
      const token = slack().issueToken("T0LIMITS");
      slack().limitPosts(1);
      try {
        const once = ctx({ retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 60_000 } });
        await slackConnector.send(once, connection(token), {
          messageId: messageId(),
          to: "C0LIMITS01",
          text: "a",
        });
        const id = messageId();
        const error = await failure(
          slackConnector.send(once, connection(token), {
            messageId: id,
            to: "C0LIMITS01",
            text: "b",
          }),
        );
        expect(error).toMatchObject({ kind: "RATE_LIMITED", details: { retryAfterMs: 1_000 } });
        expect(postsOf(id)).toHaveLength(0);
      } finally {
        slack().limitPosts(30);
      }
    });

    it("UNAVAILABLE: internal_error inside HTTP 200 is looked up in the history before the retry", async () => {
      sandbox().host.inject("slack", { kind: "UNAVAILABLE", match: { path: "chat.postMessage" } });
      const lookups = calls("conversations.history");
      const id = messageId();
      const result = await slackConnector.send(ctx(), demo, {
        messageId: id,
        to: "C0SANDBOX01",
        text: "hi",
      });
      expect(calls("conversations.history")).toBe(lookups + 1);
      expect(postsOf(id)).toHaveLength(1);
      expect(result.providerMessageId).toBe(`C0SANDBOX01:${postsOf(id)[0]!.ts}`);
    });

    it("PERMISSION_DENIED: missing_scope naming the scope needed", async () => {
      sandbox().host.inject("slack", {
        kind: "PERMISSION_DENIED",
        match: { path: "chat.postMessage" },
      });
      const error = await failure(
        slackConnector.send(ctx(), demo, { messageId: messageId(), to: "C0SANDBOX01", text: "hi" }),
      );
      expect(error).toMatchObject({
        kind: "PERMISSION_DENIED",
        details: { providerCode: "missing_scope" },
      });
    });

    it("INVALID_REQUEST: invalid_arguments", async () => {
      sandbox().host.inject("slack", {
        kind: "INVALID_REQUEST",
        match: { path: "chat.postMessage" },
      });
      const error = await failure(
        slackConnector.send(ctx(), demo, { messageId: messageId(), to: "C0SANDBOX01", text: "hi" }),
      );
      expect(error).toMatchObject({
        kind: "INVALID_REQUEST",
        details: { providerCode: "invalid_arguments" },
      });
    });

    it("AUTH_REVOKED on a static bot token: token_revoked, and the token stays dead", async () => {
      const dead = connection(slack().issueToken("T0SANDBOX"));
      sandbox().host.inject("slack", { kind: "AUTH_REVOKED", match: { path: "auth.test" } });
      const first = await failure(slackConnector.verify(ctx(), dead));
      const again = await failure(slackConnector.verify(ctx(), dead));
      for (const error of [first, again]) {
        expect(error).toMatchObject({
          kind: "AUTH_REVOKED",
          details: { providerCode: "token_revoked" },
        });
      }
    });
  });
});
