import type { DemoAccount } from "../kit/contracts/index.js";

/**
 * The WhatsApp sandbox account `npm start`'s demo workspace is connected to, and the stand-in for
 * any WhatsApp connection during a dry run: a WABA with one business number and a system-user
 * token the sandbox accepts from its start, without any control call. Valid against the sandbox only.
 */
export const WHATSAPP_DEMO_NUMBER = {
  accessToken: "EAAsandboxWhatsappDemoSystemUserToken0000000000",
  phoneNumberId: "109000000000000",
  wabaId: "209000000000000",
  displayPhoneNumber: "+1 555-010-0100",
  verifiedName: "Crosscast Demo",
} as const;

export const WHATSAPP_DEMO_ACCOUNT: DemoAccount = {
  provider: "whatsapp",
  externalAccountId: WHATSAPP_DEMO_NUMBER.phoneNumberId,
  displayName: `${WHATSAPP_DEMO_NUMBER.verifiedName} (${WHATSAPP_DEMO_NUMBER.displayPhoneNumber})`,
  secrets: { accessToken: WHATSAPP_DEMO_NUMBER.accessToken },
  settings: {
    phoneNumberId: WHATSAPP_DEMO_NUMBER.phoneNumberId,
    wabaId: WHATSAPP_DEMO_NUMBER.wabaId,
  },
};
