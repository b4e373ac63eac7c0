import { describe, expect, it } from "@jest/globals";
import { buildAuthorizeUrl } from "../../connectors/kit/oauth2.js";
import { SLACK_DEMO_ACCOUNT } from "../../connectors/slack/slack.sandbox.js";
import { useSlackFixture, messageId } from "./support/slack.fixture.js";

// The sandbox speaks Slack's Web API wire format, as other clients than ours send it.
describe("the Slack connector against its sandbox", () => {
  const { config, postsOf } = useSlackFixture();

  describe("the sandbox's wire", () => {
    const call = (method: string, init: RequestInit) =>
      fetch(`${config().apiBaseUrl}/${method}`, init);

    it("takes a form post with the token in the body, metadata as a JSON string", async () => {
      const id = messageId();
      const form = new URLSearchParams({
        token: SLACK_DEMO_ACCOUNT.secrets.accessToken,
        channel: "C0SANDBOX02",
        text: "form encoded",
        metadata: JSON.stringify({
          event_type: "crosscast_message",
          event_payload: { message_id: id },
        }),
      });
      const response = await call("chat.postMessage", { method: "POST", body: form });
      expect(await response.json()).toMatchObject({ ok: true, channel: "C0SANDBOX02" });
      expect(postsOf(id)[0]).toMatchObject({ encoding: "form", tokenIn: "body" });
    });

    it("refuses an unknown content type, warns of a JSON body without charset", async () => {
      const headers = { authorization: `Bearer ${SLACK_DEMO_ACCOUNT.secrets.accessToken}` };
      const xml = await call("chat.postMessage", {
        method: "POST",
        headers: { ...headers, "content-type": "text/xml" },
        body: "<channel>C0SANDBOX01</channel>",
      });
      expect(await xml.json()).toEqual({ ok: false, error: "invalid_post_type" });
      const json = await call("auth.test", {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: "{}",
      });
      expect(await json.json()).toMatchObject({ ok: true, warning: "missing_charset" });
    });

    it("takes the app's credentials at oauth.v2.access as HTTP Basic, and names a bad grant_type", async () => {
      const redirectUri = "https://app.crosscast.test/oauth/slack/callback";
      const consent = await fetch(buildAuthorizeUrl(config(), { state: "s", redirectUri }), {
        redirect: "manual",
      });
      const code = new URL(consent.headers.get("location") ?? "").searchParams.get("code") ?? "";
      const basic = Buffer.from(`${config().clientId}:${config().clientSecret}`).toString("base64");
      const exchange = (form: Record<string, string>) =>
        call("oauth.v2.access", {
          method: "POST",
          headers: { authorization: `Basic ${basic}` },
          body: new URLSearchParams(form),
        }).then(response => response.json());
      await expect(
        exchange({ grant_type: "password", code, redirect_uri: redirectUri }),
      ).resolves.toEqual({
        ok: false,
        error: "invalid_grant_type",
      });
      await expect(exchange({ code, redirect_uri: redirectUri })).resolves.toMatchObject({
        ok: true,
        token_type: "bot",
        team: { id: "T0SANDBOX", name: "Crosscast Sandbox" },
      });
    });

    it("answers unknown methods and history by channel name the way Slack does", async () => {
      const headers = { authorization: `Bearer ${SLACK_DEMO_ACCOUNT.secrets.accessToken}` };
      const unknown = await call("chat.postMesage", { method: "POST", headers });
      expect(await unknown.json()).toMatchObject({ ok: false, error: "unknown_method" });
      const byName = await fetch(
        `${config().apiBaseUrl}/conversations.history?channel=%23general`,
        {
          headers,
        },
      );
      expect(await byName.json()).toEqual({ ok: false, error: "channel_not_found" });
    });
  });
});
