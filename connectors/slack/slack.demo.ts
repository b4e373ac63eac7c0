import type { DemoAccount } from "../kit/contracts/index.js";

/**
 * The Slack sandbox's demo workspace, which it serves from its start: a static (non-expiring) bot
 * token of T0SANDBOX, and the channels the bot may post to (#general and #marketing; the sandbox
 * adds #random, where the bot is no member, and the archived #old-news).
 */
export const SLACK_DEMO_WORKSPACE = {
  teamId: "T0SANDBOX",
  name: "Crosscast Sandbox",
  botUserId: "U0SANDBOXBOT",
  accessToken: "xoxb-sandbox-demo-bot-token",
  channels: { general: "C0SANDBOX01", marketing: "C0SANDBOX02" },
} as const;

/**
 * The account `npm start`'s demo workspace is connected to, and the stand-in for any Slack
 * connection during a dry run. It works against the sandbox only.
 */
export const SLACK_DEMO_ACCOUNT: DemoAccount = {
  provider: "slack",
  externalAccountId: SLACK_DEMO_WORKSPACE.teamId,
  displayName: SLACK_DEMO_WORKSPACE.name,
  secrets: { accessToken: SLACK_DEMO_WORKSPACE.accessToken },
  settings: { teamId: SLACK_DEMO_WORKSPACE.teamId, botUserId: SLACK_DEMO_WORKSPACE.botUserId },
};
