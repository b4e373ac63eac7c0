import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ErrorCode, LogLevel, WebClient } from "@slack/web-api";
import { buildAuthorizeUrl } from "../../connectors/kit/oauth2.js";
import type { ProviderConfig } from "../../connectors/kit/provider-config.js";
import { SLACK_DEMO_WORKSPACE } from "../../connectors/slack/slack.demo.js";
import { createSlackSandbox } from "../../connectors/slack/slack.sandbox.js";
import { startSandbox, type RunningSandbox } from "../support/sandbox.js";

/** Slack's own Node SDK against the sandbox: the sandbox must satisfy it as Slack does. */
describe("@slack/web-api against the Slack sandbox", () => {
  let sandbox: RunningSandbox<{ slack: typeof createSlackSandbox }>;
  let config: ProviderConfig;
  const client = (token?: string) =>
    new WebClient(token, {
      slackApiUrl: `${config.apiBaseUrl}/`,
      retryConfig: { retries: 0 },
      logLevel: LogLevel.ERROR,
    });
  const demo = () => client(SLACK_DEMO_WORKSPACE.accessToken);

  beforeAll(async () => {
    sandbox = await startSandbox({ slack: createSlackSandbox });
    config = sandbox.configs.slack;
  });
  afterAll(() => sandbox.close());

  it("chat.postMessage posts (form-encoded, token in the header, metadata as JSON)", async () => {
    const result = await demo().chat.postMessage({
      channel: SLACK_DEMO_WORKSPACE.channels.general,
      text: "from the SDK",
      metadata: { event_type: "crosscast_message", event_payload: { message_id: "sdk-1" } },
    });
    expect(result).toMatchObject({ ok: true, channel: "C0SANDBOX01" });
    const posted = sandbox.host.sandboxes.slack.posted.find(post => post.ts === result.ts);
    expect(posted).toMatchObject({
      encoding: "form",
      tokenIn: "header",
      metadata: { event_payload: { message_id: "sdk-1" } },
    });
  });

  it("auth.test names the workspace", async () => {
    await expect(demo().auth.test()).resolves.toMatchObject({
      ok: true,
      team_id: "T0SANDBOX",
      team: "Crosscast Sandbox",
      user_id: "U0SANDBOXBOT",
    });
  });

  it("oauth.v2.access exchanges a code from the sandbox's consent", async () => {
    const redirectUri = "https://app.crosscast.test/oauth/slack/callback";
    const consent = await fetch(buildAuthorizeUrl(config, { state: "s", redirectUri }), {
      redirect: "manual",
    });
    const code = new URL(consent.headers.get("location") ?? "").searchParams.get("code") ?? "";
    const result = await client().oauth.v2.access({
      client_id: config.clientId!,
      client_secret: config.clientSecret!,
      code,
      redirect_uri: redirectUri,
    });
    expect(result).toMatchObject({
      ok: true,
      token_type: "bot",
      team: { id: "T0SANDBOX" },
      expires_in: 43_200,
    });
    expect(result.access_token).toMatch(/^xoxe\.xoxb-1-/);
    expect(result.refresh_token).toMatch(/^xoxe-1-/);
  });

  it("channel_not_found comes back as the SDK's platform error with data.error", async () => {
    await expect(
      demo().chat.postMessage({ channel: "C0NOSUCH01", text: "nowhere" }),
    ).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { ok: false, error: "channel_not_found" },
    });
  });
});
