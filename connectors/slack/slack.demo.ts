import type { DemoAccount } from "../kit/contracts/index.js";
import { SLACK_DEMO_ACCOUNT as SANDBOX_DEMO } from "./slack.sandbox.js";

/**
 * The slack sandbox account `npm start`'s demo workspace is connected to, and the stand-in for any
 * slack connection during a dry run. It works against the sandbox only.
 */
export const SLACK_DEMO_ACCOUNT: DemoAccount = {
  provider: "slack",
  externalAccountId: SANDBOX_DEMO.externalAccountId,
  displayName: SANDBOX_DEMO.displayName,
  secrets: { ...SANDBOX_DEMO.secrets },
  settings: { ...SANDBOX_DEMO.settings },
};
