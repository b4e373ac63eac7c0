import type { DemoAccount } from "../kit/contracts/index.js";
import { SENDGRID_DEMO_ACCOUNT as SANDBOX_DEMO } from "./sendgrid.sandbox.js";

/**
 * The sendgrid sandbox account `npm start`'s demo workspace is connected to, and the stand-in for any
 * sendgrid connection during a dry run. It works against the sandbox only.
 */
export const SENDGRID_DEMO_ACCOUNT: DemoAccount = {
  provider: "sendgrid",
  externalAccountId: String(SANDBOX_DEMO.userId),
  displayName: SANDBOX_DEMO.username,
  secrets: { ...SANDBOX_DEMO.secrets },
  settings: { ...SANDBOX_DEMO.settings },
};
