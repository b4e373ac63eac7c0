import {
  createECDH,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from "node:crypto";
import type { JsonRecord } from "../kit/json.js";
import type { SandboxEnvironment } from "../sandbox/sandbox.js";
import { TokenStore } from "../sandbox/token-store.js";

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

/** What the events about one recipient of one message carry: its sg_message_id and custom args. */
export interface RecipientMessage {
  sgMessageId: string;
  customArgs: Record<string, string>;
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
  /** The last message to each (lower-case) address, for the opt-out events that follow it. */
  lastMessages: Map<string, RecipientMessage>;
}

/** Who a request's API key belongs to: the route table's principal. */
export interface Caller {
  apiKey: string;
  account: SandboxAccount;
  scopes: readonly string[];
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

/** A P-256 key pair derived from text, so a fixed demo account has a fixed public key. */
export function signingKeyFromSeed(seed: string): SigningKey {
  const scalar = createHash("sha256").update(seed).digest();
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(scalar);
  const point = ecdh.getPublicKey(); // 0x04 || x || y
  const jwk = {
    kty: "EC",
    crv: "P-256",
    d: scalar.toString("base64url"),
    x: point.subarray(1, 33).toString("base64url"),
    y: point.subarray(33, 65).toString("base64url"),
  };
  return exportKeys(createPrivateKey({ key: jwk, format: "jwk" }));
}

/** SendGrid's key format: `SG.` + a 22-character id + `.` + a 43-character secret. */
function newApiKey(): string {
  const part = (bytes: number, length: number) =>
    randomBytes(bytes).toString("base64url").slice(0, length);
  return `SG.${part(16, 22)}.${part(32, 43)}`;
}

/** The accounts, keys (a TokenStore: principal = the user id) and sent mail of one sandbox. */
export class SendgridState {
  readonly keys: TokenStore;
  readonly sent: AcceptedMail[] = [];
  private readonly accounts = new Map<string, SandboxAccount>();
  private nextUserId = 5_100_001;

  constructor(readonly env: SandboxEnvironment) {
    this.keys = new TokenStore(() => env.now().getTime());
  }

  addAccount(
    options: {
      username?: string;
      fromEmail?: string;
      userId?: number;
      signingKey?: SigningKey;
    } = {},
  ): SandboxAccount {
    const userId = options.userId ?? this.nextUserId++;
    const fromEmail = options.fromEmail ?? `sender-${userId}@sandbox.sendgrid.example`;
    const account: SandboxAccount = {
      userId,
      username: options.username ?? `sandbox-user-${userId}`,
      fromEmail,
      verifiedSenders: new Set([fromEmail.toLowerCase()]),
      signingKey:
        options.signingKey ??
        exportKeys(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey),
      suppressions: new Map(),
      lastMessages: new Map(),
    };
    this.accounts.set(String(userId), account);
    return account;
  }

  /** A new key (or `apiKey`) on the account, with the given scopes. */
  addKey(account: SandboxAccount, scopes: readonly string[], apiKey = newApiKey()): string {
    return this.keys.register(apiKey, String(account.userId), { scopes: [...scopes] }).value;
  }

  /** The caller behind a live key, or undefined for a missing, unknown or revoked one. */
  caller(apiKey: string | undefined): Caller | undefined {
    const checked = this.keys.check(apiKey);
    const account = checked.ok ? this.accounts.get(checked.credential.principal) : undefined;
    return checked.ok && account
      ? { apiKey: checked.credential.value, account, scopes: checked.credential.scopes }
      : undefined;
  }

  account(userId: number): SandboxAccount | undefined {
    return this.accounts.get(String(userId));
  }

  /** The account of a live key, for test controls (which must name a real one). */
  accountOf(apiKey: string): SandboxAccount {
    const caller = this.caller(apiKey);
    if (!caller) {
      throw new Error("sendgrid sandbox: unknown API key");
    }
    return caller.account;
  }
}
