import type { DemoAccount } from "../kit/contracts/index.js";

/**
 * The gmail sandbox account `npm start`'s demo workspace is connected to, and the stand-in for any
 * gmail connection during a dry run. The sandbox accepts these tokens from its start (the refresh
 * token stands for a real grant there); they work against the sandbox only.
 */
const ADDRESS = "sandbox@crosscast-sandbox.test";

/** The demo account's fixed tokens, typed for the sandbox that registers them. */
export const GMAIL_DEMO_TOKENS = {
  accessToken: "ya29.crosscast-sandbox-demo-access-token",
  refreshToken: "1//crosscast-sandbox-demo-refresh-token",
} as const;

export const GMAIL_DEMO_ACCOUNT: DemoAccount = {
  provider: "gmail",
  externalAccountId: ADDRESS,
  displayName: ADDRESS,
  secrets: { ...GMAIL_DEMO_TOKENS },
  settings: { emailAddress: ADDRESS },
};
