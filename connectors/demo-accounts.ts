// The sandbox accounts the demo workspace is connected to: credentials every sandbox accepts from
// the start (they work nowhere else). `npm start` seeds one connection per messaging provider.
import type { DemoAccount } from "./kit/contracts/index.js";

export type { DemoAccount };
import { GMAIL_DEMO_ACCOUNT } from "./gmail/gmail.sandbox.js";
import { SENDGRID_DEMO_ACCOUNT } from "./sendgrid/sendgrid.sandbox.js";
import { SLACK_DEMO_ACCOUNT } from "./slack/slack.sandbox.js";
import { TWILIO_DEMO_ACCOUNT } from "./twilio/twilio.sandbox.js";
import { WHATSAPP_DEMO_ACCOUNT } from "./whatsapp/whatsapp.sandbox.js";

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    provider: "twilio",
    externalAccountId: TWILIO_DEMO_ACCOUNT.accountSid,
    displayName: `Twilio ${TWILIO_DEMO_ACCOUNT.fromNumber}`,
    secrets: { ...TWILIO_DEMO_ACCOUNT.secrets },
    settings: {
      ...TWILIO_DEMO_ACCOUNT.settings,
      phoneNumberSid: TWILIO_DEMO_ACCOUNT.phoneNumberSid,
    },
  },
  {
    provider: "whatsapp",
    externalAccountId: WHATSAPP_DEMO_ACCOUNT.settings.phoneNumberId,
    displayName: `${WHATSAPP_DEMO_ACCOUNT.verifiedName} (${WHATSAPP_DEMO_ACCOUNT.displayPhoneNumber})`,
    secrets: { ...WHATSAPP_DEMO_ACCOUNT.secrets },
    settings: { ...WHATSAPP_DEMO_ACCOUNT.settings },
  },
  {
    provider: "slack",
    externalAccountId: SLACK_DEMO_ACCOUNT.externalAccountId,
    displayName: SLACK_DEMO_ACCOUNT.displayName,
    secrets: { ...SLACK_DEMO_ACCOUNT.secrets },
    settings: { ...SLACK_DEMO_ACCOUNT.settings },
  },
  {
    provider: "gmail",
    externalAccountId: GMAIL_DEMO_ACCOUNT.externalAccountId,
    displayName: GMAIL_DEMO_ACCOUNT.displayName,
    secrets: { ...GMAIL_DEMO_ACCOUNT.secrets },
    settings: { ...GMAIL_DEMO_ACCOUNT.settings },
  },
  {
    provider: "sendgrid",
    externalAccountId: String(SENDGRID_DEMO_ACCOUNT.userId),
    displayName: SENDGRID_DEMO_ACCOUNT.username,
    secrets: { ...SENDGRID_DEMO_ACCOUNT.secrets },
    settings: { ...SENDGRID_DEMO_ACCOUNT.settings },
  },
];
