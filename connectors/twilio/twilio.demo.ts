import type { DemoAccount } from "../kit/contracts/index.js";

const ACCOUNT_SID = "ACc0ffee00000000000000000000000d01";
const AUTH_TOKEN = "5a4db0c5000000000000000000000d3e";
const FROM_NUMBER = "+15555550100";

/**
 * The sandbox's always-present account, as the sandbox creates it (no control call first):
 * its SIDs, auth token and number, and `secrets`/`settings` ready for `twilioConnector`.
 */
export const TWILIO_DEMO_SANDBOX = {
  accountSid: ACCOUNT_SID,
  authToken: AUTH_TOKEN,
  fromNumber: FROM_NUMBER,
  phoneNumberSid: "PNc0ffee00000000000000000000000100",
  friendlyName: "Crosscast demo",
  secrets: { authToken: AUTH_TOKEN },
  settings: { accountSid: ACCOUNT_SID, fromNumber: FROM_NUMBER },
} as const;

/**
 * The Twilio account `npm start`'s demo workspace is connected to, and the stand-in for any
 * Twilio connection during a dry run. It works against the sandbox only.
 */
export const TWILIO_DEMO_ACCOUNT: DemoAccount = {
  provider: "twilio",
  externalAccountId: ACCOUNT_SID,
  displayName: `Twilio ${FROM_NUMBER}`,
  secrets: { ...TWILIO_DEMO_SANDBOX.secrets },
  settings: { ...TWILIO_DEMO_SANDBOX.settings, phoneNumberSid: TWILIO_DEMO_SANDBOX.phoneNumberSid },
};
