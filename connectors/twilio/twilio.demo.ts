import type { DemoAccount } from "../kit/contracts/index.js";
import { TWILIO_DEMO_ACCOUNT as SANDBOX_DEMO } from "./twilio.sandbox.js";

/**
 * The twilio sandbox account `npm start`'s demo workspace is connected to, and the stand-in for any
 * twilio connection during a dry run. It works against the sandbox only.
 */
export const TWILIO_DEMO_ACCOUNT: DemoAccount = {
  provider: "twilio",
  externalAccountId: SANDBOX_DEMO.accountSid,
  displayName: `Twilio ${SANDBOX_DEMO.fromNumber}`,
  secrets: { ...SANDBOX_DEMO.secrets },
  settings: {
    ...SANDBOX_DEMO.settings,
    phoneNumberSid: SANDBOX_DEMO.phoneNumberSid,
  },
};
