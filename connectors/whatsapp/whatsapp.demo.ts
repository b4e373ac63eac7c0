import type { DemoAccount } from "../kit/contracts/index.js";
import { WHATSAPP_DEMO_ACCOUNT as SANDBOX_DEMO } from "./whatsapp.sandbox.js";

/**
 * The whatsapp sandbox account `npm start`'s demo workspace is connected to, and the stand-in for any
 * whatsapp connection during a dry run. It works against the sandbox only.
 */
export const WHATSAPP_DEMO_ACCOUNT: DemoAccount = {
  provider: "whatsapp",
  externalAccountId: SANDBOX_DEMO.settings.phoneNumberId,
  displayName: `${SANDBOX_DEMO.verifiedName} (${SANDBOX_DEMO.displayPhoneNumber})`,
  secrets: { ...SANDBOX_DEMO.secrets },
  settings: { ...SANDBOX_DEMO.settings },
};
