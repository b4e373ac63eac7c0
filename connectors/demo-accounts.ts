// The demo accounts, one per provider with a sandbox: what `npm start` connects the demo workspace
// to, and what stands in for a connection during a dry run. Each comes from its `<p>.demo.ts`.
import type { DemoAccount } from "./kit/contracts/index.js";
import { TWILIO_DEMO_ACCOUNT } from "./twilio/twilio.demo.js";
import { WHATSAPP_DEMO_ACCOUNT } from "./whatsapp/whatsapp.demo.js";
import { SLACK_DEMO_ACCOUNT } from "./slack/slack.demo.js";
import { GMAIL_DEMO_ACCOUNT } from "./gmail/gmail.demo.js";
import { SENDGRID_DEMO_ACCOUNT } from "./sendgrid/sendgrid.demo.js";

export type { DemoAccount };

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  TWILIO_DEMO_ACCOUNT,
  WHATSAPP_DEMO_ACCOUNT,
  SLACK_DEMO_ACCOUNT,
  GMAIL_DEMO_ACCOUNT,
  SENDGRID_DEMO_ACCOUNT,
];
