import type { DemoAccount } from "../kit/contracts/index.js";

const USER_ID = 4_200_001;
const USERNAME = "crosscast-demo";

/**
 * What the sandbox holds for its always-present account besides the connection's material: the
 * user id as SendGrid types it (an integer) and the public seed its Event Webhook signing key is
 * derived from, so that the key, and `webhookPublicKey` below, never change. Sandbox only.
 */
export const SENDGRID_DEMO_SANDBOX = {
  userId: USER_ID,
  username: USERNAME,
  signingKeySeed: "crosscast sendgrid sandbox demo account",
} as const;

/**
 * The SendGrid sandbox account `npm start`'s demo workspace is connected to, and the stand-in for
 * any SendGrid connection during a dry run. It works against the sandbox only. Its Event Webhook
 * public key (base64 DER, as SendGrid hands it out) verifies the sandbox's events even before
 * `register` runs.
 */
export const SENDGRID_DEMO_ACCOUNT: DemoAccount = {
  provider: "sendgrid",
  externalAccountId: String(USER_ID),
  displayName: USERNAME,
  secrets: { apiKey: "SG.CrosscastDemoSandbox01.OnlyTheCrosscastSandboxAcceptsThisDemoKey01" },
  settings: {
    fromEmail: "hello@demo.crosscast.example",
    fromName: "Crosscast Demo",
    webhookPublicKey:
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEoYyoxPjVEa7bkhN3lvFULo44NsROGEFHKPWXFXzYo+hB06UGRQCuA+bZj6+/mQo69/6WZ5BdpVr93ZuQt/x5sg==",
  },
};
