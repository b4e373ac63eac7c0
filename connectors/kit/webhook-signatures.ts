import { createHash, createHmac, createSign, createVerify, timingSafeEqual } from "node:crypto";

/**
 * Provider webhook signature schemes, each over the raw request as received. Sandboxes sign with
 * them; webhook routes verify with them. Comparisons are timing-safe.
 */
/** Compares two secrets or signatures in constant time. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Twilio: base64 HMAC-SHA1(auth token, full URL + each POST param's key and value, sorted by key). */
export function signTwilio(authToken: string, url: string, params: Record<string, string>): string {
  const payload = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac("sha1", authToken).update(payload, "utf8").digest("base64");
}

export function verifyTwilio(
  authToken: string,
  url: string,
  params: Record<string, string>,
  signature: string | undefined,
): boolean {
  return !!signature && safeEqual(signTwilio(authToken, url, params), signature);
}

/** Slack v0: `v0=` + hex HMAC-SHA256(signing secret, "v0:{timestamp}:{body}"), within 5 minutes. */
export const SLACK_WINDOW_SECONDS = 5 * 60;

export function signSlack(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

export function verifySlack(
  signingSecret: string,
  rawBody: string,
  timestampHeader: string | undefined,
  signature: string | undefined,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const timestamp = Number(timestampHeader);
  if (
    !signature ||
    !Number.isInteger(timestamp) ||
    Math.abs(nowSeconds - timestamp) > SLACK_WINDOW_SECONDS
  ) {
    return false;
  }
  return safeEqual(signSlack(signingSecret, timestamp, rawBody), signature);
}

/**
 * SendGrid Event Webhook: ECDSA P-256 / SHA-256 over timestamp + raw body; the signature is
 * base64 DER, verified with the account's public key (base64 DER SPKI).
 */
export function signSendGrid(
  privateKeyPem: string,
  timestamp: string,
  rawBody: string | Buffer,
): string {
  return createSign("sha256")
    .update(Buffer.concat([Buffer.from(timestamp), Buffer.from(rawBody)]))
    .sign(privateKeyPem, "base64");
}

export function verifySendGrid(
  publicKeyBase64: string,
  rawBody: string | Buffer,
  timestamp: string | undefined,
  signature: string | undefined,
): boolean {
  if (!timestamp || !signature) {
    return false;
  }
  try {
    const key = {
      key: Buffer.from(publicKeyBase64, "base64"),
      format: "der",
      type: "spki",
    } as const;
    return createVerify("sha256")
      .update(Buffer.concat([Buffer.from(timestamp), Buffer.from(rawBody)]))
      .verify(key, signature, "base64");
  } catch {
    return false;
  }
}

/** Shopify: base64 HMAC-SHA256(app client secret, raw body) in X-Shopify-Hmac-Sha256. */
export function signShopify(secret: string, rawBody: string | Buffer): string {
  return createHmac("sha256", secret).update(rawBody).digest("base64");
}

export function verifyShopify(
  secret: string,
  rawBody: string | Buffer,
  header: string | undefined,
): boolean {
  return !!header && safeEqual(signShopify(secret, rawBody), header);
}

/** Hex SHA-256, as Twilio's `bodySHA256` URL parameter carries for JSON webhooks. */
export function sha256Hex(body: string): string {
  return createHash("sha256").update(body).digest("hex");
}
