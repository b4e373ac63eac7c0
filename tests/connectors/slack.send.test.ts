import { describe, expect, it } from "@jest/globals";
import type { ConnectorContext } from "../../connectors/kit/contracts/index.js";
import { createSlackClient } from "../../connectors/slack/slack.client.js";
import { slackConnector } from "../../connectors/slack/slack.connector.js";
import { findPostedMessage } from "../../connectors/slack/slack.reconcile.js";
import { SLACK_DEMO_ACCOUNT } from "../../connectors/slack/slack.sandbox.js";
import { useSlackFixture, failure, messageId } from "./support/slack.fixture.js";

// Sending with Slack's chat.postMessage, and finding a post again when its answer was lost.
describe("the Slack connector against its sandbox", () => {
  const { sandbox, slack, ctx, connection, demo, postsOf, calls } = useSlackFixture();

  describe("verify and send", () => {
    it("verify: auth.test names the workspace the token belongs to", async () => {
      await expect(slackConnector.verify(ctx(), demo)).resolves.toEqual({
        externalAccountId: "T0SANDBOX",
        displayName: "Crosscast Sandbox",
        settings: {
          teamId: "T0SANDBOX",
          teamUrl: "https://crosscast-sandbox.slack.com/",
          botUserId: "U0SANDBOXBOT",
          botId: "B0SANDBOXBOT",
        },
      });
    });

    it("posts JSON with a Bearer token, Crosscast's id in the metadata, exactly once", async () => {
      const id = messageId();
      const result = await slackConnector.send(ctx(), demo, {
        messageId: id,
        to: SLACK_DEMO_ACCOUNT.channels.general,
        text: "Spring sale starts today",
      });
      const [post, ...others] = postsOf(id);
      expect(others).toHaveLength(0);
      expect(result.providerMessageId).toBe(`C0SANDBOX01:${post!.ts}`);
      expect(post).toMatchObject({
        teamId: "T0SANDBOX",
        text: "Spring sale starts today",
        encoding: "json",
        tokenIn: "header",
        metadata: { event_type: "crosscast_message", event_payload: { message_id: id } },
      });
    });

    it("resolves a #name recipient to the channel's id", async () => {
      const result = await slackConnector.send(ctx(), demo, {
        messageId: messageId(),
        to: "#marketing",
        text: "Hello marketing",
      });
      expect(result.providerMessageId).toMatch(/^C0SANDBOX02:\d+\.\d{6}$/);
    });

    it("refuses a recipient that is neither a conversation id nor a #name, before calling Slack", async () => {
      const before = sandbox().host.requests.length;
      const error = await failure(
        slackConnector.send(ctx(), demo, { messageId: messageId(), to: "general", text: "hi" }),
      );
      expect(error.kind).toBe("INVALID_REQUEST");
      expect(sandbox().host.requests.length).toBe(before);
    });
  });

  describe("a post whose answer was lost", () => {
    const lost = (): ConnectorContext => ctx({ timeoutMs: 300 });

    it("is found again in conversations.history by its metadata, never posted twice", async () => {
      sandbox().host.inject("slack", {
        kind: "TIMEOUT_AFTER_SENDING",
        match: { path: "chat.postMessage" },
      });
      const id = messageId();
      const result = await slackConnector.send(lost(), demo, {
        messageId: id,
        to: "C0SANDBOX01",
        text: "hi",
      });
      const posts = postsOf(id);
      expect(posts).toHaveLength(1);
      expect(result.providerMessageId).toBe(`C0SANDBOX01:${posts[0]!.ts}`);
    });

    it("to a #name cannot be looked up: UNKNOWN_OUTCOME, never posted twice", async () => {
      sandbox().host.inject("slack", {
        kind: "TIMEOUT_AFTER_SENDING",
        match: { path: "chat.postMessage" },
      });
      const id = messageId();
      const error = await failure(
        slackConnector.send(lost(), demo, { messageId: id, to: "#general", text: "hi" }),
      );
      expect(error.kind).toBe("UNKNOWN_OUTCOME");
      expect(postsOf(id)).toHaveLength(1);
    });

    it("the lookup pages through the history with cursors, and says 'not there' only at the end", async () => {
      slack().createWorkspace({
        id: "T0PAGES",
        name: "Paging Team",
        channels: [{ id: "C0PAGES01", name: "pages" }],
      });
      const token = slack().issueToken("T0PAGES");
      const ids = [messageId(), messageId(), messageId(), messageId(), messageId()];
      for (const id of ids) {
        await slackConnector.send(ctx(), connection(token), {
          messageId: id,
          to: "C0PAGES01",
          text: id,
        });
      }
      const client = createSlackClient(ctx(), token);
      const before = calls("conversations.history");
      const query = { channel: "C0PAGES01", oldest: "0", pageSize: 2 };
      const found = await findPostedMessage(client, { ...query, messageId: ids[0]! });
      expect(found?.ts).toBe(slack().messages("T0PAGES", "C0PAGES01")[0]!.ts);
      expect(calls("conversations.history")).toBe(before + 3);
      await expect(
        findPostedMessage(client, { ...query, messageId: "absent" }),
      ).resolves.toBeUndefined();
      await expect(
        findPostedMessage(client, { ...query, messageId: "absent", maxPages: 2 }),
      ).rejects.toMatchObject({ kind: "UNKNOWN_OUTCOME" });
    });
  });
});
