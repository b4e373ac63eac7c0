import { describe, expect, it } from "@jest/globals";
import { classifySlack } from "../../connectors/slack/slack.classifier.js";
import { slackConnector } from "../../connectors/slack/slack.connector.js";
import { SLACK_DEMO_ACCOUNT } from "../../connectors/slack/slack.sandbox.js";
import { useSlackFixture, failure, messageId } from "./support/slack.fixture.js";

// Slack answers most errors with HTTP 200 and `ok: false`: how each code is classified.
describe("the Slack connector against its sandbox", () => {
  const { slack, ctx, connection, postsOf, calls } = useSlackFixture();

  describe("Slack's errors inside HTTP 200", () => {
    it.each([
      ["channel_not_found", "INVALID_REQUEST", { to: "C0NOSUCH01" }],
      ["not_in_channel", "PERMISSION_DENIED", { to: "C0SANDBOX03" }],
      ["is_archived", "INVALID_REQUEST", { to: "C0SANDBOX04" }],
      ["msg_too_long", "INVALID_REQUEST", { text: "x".repeat(40_001) }],
      ["no_text", "INVALID_REQUEST", { text: "" }],
      ["invalid_auth", "AUTH_REVOKED", { token: "xoxb-not-a-token" }],
    ])("%s → %s, not retried, nothing posted", async (code, kind, change) => {
      const id = messageId();
      const before = calls("chat.postMessage");
      const token = "token" in change ? change.token : SLACK_DEMO_ACCOUNT.secrets.accessToken;
      const error = await failure(
        slackConnector.send(ctx(), connection(token), {
          messageId: id,
          to: "to" in change ? change.to : "C0SANDBOX01",
          text: "text" in change ? change.text : "hello",
        }),
      );
      expect(error).toMatchObject({ kind, details: { provider: "slack", providerCode: code } });
      expect(error.message).not.toContain("{");
      expect(calls("chat.postMessage")).toBe(before + 1);
      expect(postsOf(id)).toHaveLength(0);
    });

    it("missing_scope → PERMISSION_DENIED (a token without chat:write)", async () => {
      const token = slack().issueToken("T0SANDBOX", ["channels:history"]);
      const error = await failure(
        slackConnector.send(ctx(), connection(token), {
          messageId: messageId(),
          to: "C0SANDBOX01",
          text: "hello",
        }),
      );
      expect(error).toMatchObject({
        kind: "PERMISSION_DENIED",
        details: { providerCode: "missing_scope" },
      });
    });

    it("not_authed → AUTH_REVOKED: a token inside a JSON body is not read", async () => {
      const error = await failure(
        ctx().http({
          method: "POST",
          path: "chat.postMessage",
          body: {
            token: SLACK_DEMO_ACCOUNT.secrets.accessToken,
            channel: "C0SANDBOX01",
            text: "x",
          },
          idempotent: false,
        }),
      );
      expect(error).toMatchObject({
        kind: "AUTH_REVOKED",
        details: { providerCode: "not_authed" },
      });
    });

    it("classifies every documented code, 429 and 5xx, and a body that is not Slack's", () => {
      const response = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
        status,
        headers: new Headers({ "content-type": "application/json", ...headers }),
        body,
      });
      const kindOf = (code: string) =>
        classifySlack(response(200, { ok: false, error: code }), "slack")?.kind;
      const table: Record<string, string[]> = {
        AUTH_EXPIRED: ["token_expired"],
        AUTH_REVOKED: ["invalid_auth", "not_authed", "token_revoked", "account_inactive"],
        PERMISSION_DENIED: [
          "missing_scope",
          "not_in_channel",
          "restricted_action",
          "ekm_access_denied",
        ],
        RATE_LIMITED: ["ratelimited"],
        UNAVAILABLE: ["internal_error", "fatal_error", "service_unavailable", "request_timeout"],
        INVALID_REQUEST: [
          "channel_not_found",
          "msg_too_long",
          "no_text",
          "invalid_arguments",
          "invalid_blocks",
          "is_archived",
          "something_new",
        ],
      };
      for (const [kind, codes] of Object.entries(table)) {
        for (const code of codes) {
          expect([code, kindOf(code)]).toEqual([code, kind]);
        }
      }
      expect(classifySlack(response(200, { ok: true }), "slack")).toBeUndefined();
      expect(
        classifySlack(
          response(429, { ok: false, error: "ratelimited" }, { "retry-after": "3" }),
          "slack",
        ),
      ).toMatchObject({
        kind: "RATE_LIMITED",
        details: { retryAfterMs: 3000, providerCode: "ratelimited" },
      });
      expect(classifySlack(response(502, "<html>bad gateway</html>"), "slack")?.kind).toBe(
        "UNAVAILABLE",
      );
      expect(classifySlack(response(200, "<html>proxy</html>"), "slack")?.kind).toBe("UNAVAILABLE");
    });
  });
});
