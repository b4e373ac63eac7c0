import {
  createECDH,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from "node:crypto";
import { bearerToken, type SandboxRequest } from "../sandbox/sandbox.js";
import type { JsonRecord } from "./sendgrid.schemas.js";

/** An account's Event Webhook signing key: PEM to sign, base64 DER SPKI as SendGrid hands it out. */
export interface SigningKey {
  privateKeyPem: string;
  publicKeyBase64: string;
}

export interface EventWebhookConfig {
  id: string;
  enabled: boolean;
  url: string;
  /** Event flags as the settings API names them (`spam_report`, `group_unsubscribe`...). */
  flags: Record<string, boolean>;
  signed: boolean;
}

export interface SandboxAccount {
  userId: number;
  username: string;
  fromEmail: string;
  verifiedSenders: Set<string>;
  signingKey: SigningKey;
  webhook?: EventWebhookConfig;
  /** Addresses SendGrid drops, with the `dropped` reason it reports. */
  suppressions: Map<string, string>;
}

export interface SandboxKey {
  apiKey: string;
  account: SandboxAccount;
  scopes: Set<string>;
  revoked: boolean;
}

/** One accepted `POST /v3/mail/send`. */
export interface AcceptedMail {
  xMessageId: string;
  apiKey: string;
  userId: number;
  from: string;
  recipients: string[];
  subject?: string;
  templateId?: string;
  customArgs: Record<string, string>;
  /** The request body as SendGrid parsed it. */
  body: JsonRecord;
  acceptedAt: Date;
}

/**
 * What a new key may do by default: send, read the username, manage the Event Webhook (scope
 * names as `GET /v3/scopes` lists them).
 */
export const DEFAULT_SCOPES = [
  "mail.send",
  "user.username.read",
  "user.webhooks.event.settings.read",
  "user.webhooks.event.settings.update",
] as const;

function exportKeys(privateKey: KeyObject): SigningKey {
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyBase64: createPublicKey(privateKey)
      .export({ type: "spki", format: "der" })
      .toString("base64"),
  };
}

export function generateSigningKey(): SigningKey {
  return exportKeys(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey);
}

/** A P-256 key pair derived from text, so a fixed demo account has a fixed public key. */
export function signingKeyFromSeed(seed: string): SigningKey {
  const scalar = createHash("sha256").update(seed).digest();
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(scalar);
  const point = ecdh.getPublicKey(); // 0x04 || x || y
  const privateKey = createPrivateKey({
    key: {
      kty: "EC",
      crv: "P-256",
      d: scalar.toString("base64url"),
      x: point.subarray(1, 33).toString("base64url"),
      y: point.subarray(33, 65).toString("base64url"),
    },
    format: "jwk",
  });
  return exportKeys(privateKey);
}

/** SendGrid's key format: `SG.` + a 22-character id + `.` + a 43-character secret. */
export function newApiKey(): string {
  return `SG.${randomBytes(16).toString("base64url").slice(0, 22)}.${randomBytes(32).toString("base64url").slice(0, 43)}`;
}

export type Authentication =
  { kind: "missing" } | { kind: "refused" } | { kind: "ok"; key: SandboxKey };

/** Accounts and keys of one sandbox instance. */
export class SendgridAccounts {
  private readonly keys = new Map<string, SandboxKey>();
  private readonly byUserId = new Map<number, SandboxAccount>();
  private nextUserId = 5_100_001;

  add(options: {
    username?: string;
    fromEmail?: string;
    userId?: number;
    signingKey?: SigningKey;
  }): SandboxAccount {
    const userId = options.userId ?? this.nextUserId++;
    const username = options.username ?? `sandbox-user-${userId}`;
    const fromEmail = options.fromEmail ?? `sender-${userId}@sandbox.sendgrid.example`;
    const account: SandboxAccount = {
      userId,
      username,
      fromEmail,
      verifiedSenders: new Set([fromEmail.toLowerCase()]),
      signingKey: options.signingKey ?? generateSigningKey(),
      suppressions: new Map(),
    };
    this.byUserId.set(userId, account);
    return account;
  }

  addKey(account: SandboxAccount, scopes: Iterable<string>, apiKey = newApiKey()): SandboxKey {
    const key: SandboxKey = { apiKey, account, scopes: new Set(scopes), revoked: false };
    this.keys.set(apiKey, key);
    return key;
  }

  key(apiKey: string): SandboxKey | undefined {
    return this.keys.get(apiKey);
  }

  account(userId: number): SandboxAccount | undefined {
    return this.byUserId.get(userId);
  }

  authenticate(request: SandboxRequest): Authentication {
    if (!request.headers.authorization) {
      return { kind: "missing" };
    }
    const token = bearerToken(request);
    const key = token ? this.keys.get(token) : undefined;
    return key && !key.revoked ? { kind: "ok", key } : { kind: "refused" };
  }

  /** Deletes a key: every later call with it gets 401. */
  revoke(apiKey: string): boolean {
    const key = this.keys.get(apiKey);
    if (key) {
      key.revoked = true;
    }
    return key !== undefined;
  }
}
