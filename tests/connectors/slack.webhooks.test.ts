import { describe, expect, it } from "@jest/globals";
import { signSlack } from "../../connectors/kit/webhook-signatures.js";
import { slackConnector } from "../../connectors/slack/slack.connector.js";
import { slackWebhooks } from "../../connectors/slack/slack.webhooks.js";
import type { WebhookRequest } from "../../connectors/kit/contracts/index.js";
import { useSlackFixture, failure, messageId } from "./support/slack.fixture.js";

// Slack's Events API: signed event callbacks, their verification, replays and the handshake.
describe("the Slack connector against its sandbox", () => {
  const { sandbox, receiver, config, slack, ctx, connection, demo } = useSlackFixture();

  describe("Events API webhooks", () => {
    const keys = () => ({ config: config() });
    const text = (request: WebhookRequest) => request.rawBody.toString("utf8");
    const resign = (request: WebhookRequest, secret: string, timestamp: number) => ({
      ...request,
      headers: {
        ...request.headers,
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": signSlack(secret, timestamp, text(request)),
      },
    });
    async function uninstalled(teamId: string) {
      slack().createWorkspace({
        id: teamId,
        name: "Leaving Team",
        channels: [{ id: `C${teamId.slice(1)}`, name: "general" }],
      });
      const token = slack().issueToken(teamId);
      slack().uninstall(teamId);
      await sandbox().host.webhooks.settled();
      const requests = receiver().received.filter(request => text(request).includes(`"${teamId}"`));
      return { token, requests };
    }

    it("an uninstall revokes the workspace's tokens and posts signed tokens_revoked and app_uninstalled", async () => {
      const { token, requests } = await uninstalled("T0UNINST");
      expect(requests).toHaveLength(2);
      for (const request of requests) {
        expect(request.url).toBe(`${receiver().url}/webhooks/slack`);
        expect(request.segments).toEqual([]);
        expect(slackWebhooks.verify(request, keys())).toBe(true);
      }
      const events = requests.flatMap(request => slackWebhooks.parse(request));
      expect(events).toHaveLength(2);
      expect(
        events
          .map(
            event => event.type === "CONNECTION_REVOKED" && [event.externalAccountId, event.reason],
          )
          .sort(),
      ).toEqual([
        ["T0UNINST", "app_uninstalled"],
        ["T0UNINST", "tokens_revoked"],
      ]);
      expect(new Set(events.map(event => event.eventId)).size).toBe(2);
      const error = await failure(
        slackConnector.send(ctx(), connection(token), {
          messageId: messageId(),
          to: "C0UNINST",
          text: "hi",
        }),
      );
      expect(error).toMatchObject({
        kind: "AUTH_REVOKED",
        details: { providerCode: "token_revoked" },
      });
    });

    it("a post's metadata comes back as message_metadata_posted naming Crosscast's message id", async () => {
      const id = messageId();
      const result = await slackConnector.send(ctx(), demo, {
        messageId: id,
        to: "#general",
        text: "echo",
      });
      await sandbox().host.webhooks.settled();
      const request = receiver().received.find(received => text(received).includes(id));
      expect(request && slackWebhooks.verify(request, keys())).toBe(true);
      expect(slackWebhooks.parse(request!)).toEqual([
        expect.objectContaining({
          type: "MESSAGE_STATUS",
          status: "SENT",
          messageId: id,
          providerMessageId: result.providerMessageId,
        }),
      ]);
    });

    it("refuses a forged signature and a tampered body", async () => {
      const { requests } = await uninstalled("T0FORGED");
      const request = requests[0]!;
      const now = Math.floor(Date.now() / 1000);
      expect(slackWebhooks.verify(resign(request, "not-the-signing-secret", now), keys())).toBe(
        false,
      );
      const tampered = {
        ...request,
        rawBody: Buffer.from(text(request).replace("T0FORGED", "T0VICTIM")),
      };
      expect(slackWebhooks.verify(tampered, keys())).toBe(false);
      expect(slackWebhooks.verify({ ...request, headers: {} }, keys())).toBe(false);
    });

    it("makes a replay detectable: the same event_id, and an old timestamp is refused", async () => {
      const { requests } = await uninstalled("T0REPLAY");
      const request = requests[0]!;
      const [first] = slackWebhooks.parse(request);
      const [again] = slackWebhooks.parse({ ...request });
      expect(again?.eventId).toBe(first?.eventId);
      expect(first?.eventId).toMatch(/^Ev/);
      const secret = config().webhookSecret!;
      const now = Math.floor(Date.now() / 1000);
      expect(slackWebhooks.verify(resign(request, secret, now), keys())).toBe(true);
      expect(slackWebhooks.verify(resign(request, secret, now - 6 * 60), keys())).toBe(false);
    });

    it("answers url_verification's challenge only for a request Slack signed", async () => {
      const challenge = slack().requestUrlVerification();
      await sandbox().host.webhooks.settled();
      const request = receiver().received.find(received =>
        text(received).includes(challenge ?? "?"),
      );
      expect(request).toBeDefined();
      const reply = slackWebhooks.handshake!(request!, keys());
      expect(reply).toMatchObject({ status: 200 });
      expect(JSON.parse(reply!.body ?? "")).toEqual({ challenge });
      const forged = resign(request!, "not-the-signing-secret", Math.floor(Date.now() / 1000));
      expect(slackWebhooks.handshake!(forged, keys())).toBeUndefined();
      expect(slackWebhooks.verify(forged, keys())).toBe(false);
    });

    it("ignores tokens_revoked that names only user tokens: the bot token still works", () => {
      const body = JSON.stringify({
        type: "event_callback",
        team_id: "T0SANDBOX",
        event_id: "Ev0USERONLY",
        event: { type: "tokens_revoked", tokens: { oauth: ["U0SOMEUSER"], bot: [] } },
      });
      const request: WebhookRequest = {
        method: "POST",
        url: `${receiver().url}/webhooks/slack`,
        segments: [],
        query: new URLSearchParams(),
        headers: {},
        rawBody: Buffer.from(body),
      };
      expect(slackWebhooks.parse(request)).toEqual([]);
    });
  });
});
