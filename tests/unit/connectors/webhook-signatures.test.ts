import { describe, expect, it } from "@jest/globals";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { signMeta, verifyMeta } from "../../../connectors/families/meta/meta.webhooks.js";
import { signSendGrid, verifySendGrid } from "../../../connectors/sendgrid/sendgrid.webhooks.js";
import { signSlack, verifySlack } from "../../../connectors/slack/slack.webhooks.js";
import { signTwilio, verifyTwilio } from "../../../connectors/twilio/twilio.webhooks.js";

describe("webhook signature schemes (each in its provider's webhooks file)", () => {
  it("Twilio: HMAC-SHA1 over the URL and the sorted form params", () => {
    const url = "https://example.com/webhooks/twilio/status";
    const params = { MessageStatus: "delivered", MessageSid: "SM123", AccountSid: "AC1" };
    const expected = createHmac("sha1", "token")
      .update(`${url}AccountSidAC1MessageSidSM123MessageStatusdelivered`)
      .digest("base64");
    expect(signTwilio("token", url, params)).toBe(expected);
    expect(verifyTwilio("token", url, params, expected)).toBe(true);
    expect(verifyTwilio("token", url, { ...params, MessageStatus: "failed" }, expected)).toBe(
      false,
    );
    expect(verifyTwilio("other", url, params, expected)).toBe(false);
    expect(verifyTwilio("token", url, params, undefined)).toBe(false);
  });

  it("Meta: sha256= hex HMAC over the raw body", () => {
    const body = '{"entry":[{"id":"1"}]}';
    const header = signMeta("app-secret", body);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyMeta("app-secret", body, header)).toBe(true);
    expect(verifyMeta("app-secret", body.replace("1", "2"), header)).toBe(false);
    expect(verifyMeta("app-secret", body, "sha256=00")).toBe(false);
  });

  it("Slack: v0 signature within a five-minute window, so a replay later is refused", () => {
    const now = 1_800_000_000;
    const body = "token=x&team_id=T1";
    const signature = signSlack("signing", now, body);
    expect(verifySlack("signing", body, String(now), signature, now + 60)).toBe(true);
    expect(verifySlack("signing", body, String(now), signature, now + 301)).toBe(false);
    expect(verifySlack("signing", body + "&x=1", String(now), signature, now)).toBe(false);
    expect(verifySlack("signing", body, "not-a-time", signature, now)).toBe(false);
  });

  it("SendGrid: ECDSA P-256 over timestamp and body with the account's public key", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const spki = publicKey.export({ type: "spki", format: "der" }).toString("base64");
    const body = '[{"event":"delivered","sg_event_id":"e1"}]';
    const signature = signSendGrid(pem, "1700000000", body);
    expect(verifySendGrid(spki, body, "1700000000", signature)).toBe(true);
    expect(verifySendGrid(spki, body, "1700000001", signature)).toBe(false);
    expect(verifySendGrid(spki, body.replace("delivered", "bounce"), "1700000000", signature)).toBe(
      false,
    );
    expect(verifySendGrid("bm90IGEga2V5", body, "1700000000", signature)).toBe(false);
  });
});
