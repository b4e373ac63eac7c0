import type { DemoAccount } from "../kit/contracts/index.js";
import { GMAIL_DEMO_ACCOUNT as SANDBOX_DEMO } from "./gmail.sandbox.js";

/**
 * The gmail sandbox account `npm start`'s demo workspace is connected to, and the stand-in for any
 * gmail connection during a dry run. It works against the sandbox only.
 */
export const GMAIL_DEMO_ACCOUNT: DemoAccount = {
  provider: "gmail",
  externalAccountId: SANDBOX_DEMO.externalAccountId,
  displayName: SANDBOX_DEMO.displayName,
  secrets: { ...SANDBOX_DEMO.secrets },
  settings: { ...SANDBOX_DEMO.settings },
};
