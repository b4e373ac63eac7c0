import { randomBytes } from "node:crypto";

/**
 * The credentials a sandbox accepts, whatever their form: OAuth bearer tokens, API keys, and the
 * password half of Basic credentials (Twilio's auth token). Each belongs to a principal (an
 * account, a team, a user) with scopes, may expire, can be revoked alone or with every credential
 * of its principal, and can be rotated (a new one replaces it, the old dies). Faults use the same
 * operations, so what follows an injected AUTH_EXPIRED (a refresh, a replay) is real.
 */
export interface StoredCredential {
  value: string;
  principal: string;
  scopes: string[];
  expiresAt?: number;
  revoked?: boolean;
}

export type CredentialCheck =
  | { ok: true; credential: StoredCredential }
  | { ok: false; reason: "missing" | "invalid" | "expired" | "revoked" };

export function newSecret(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}

export class TokenStore {
  private readonly credentials = new Map<string, StoredCredential>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new credential for `principal`, looking like the provider's (`prefix`). */
  issue(
    principal: string,
    options: { prefix: string; scopes?: string[]; ttlSeconds?: number },
  ): StoredCredential {
    return this.register(newSecret(options.prefix), principal, options);
  }

  /** A credential made elsewhere (a demo account's fixed token, a key a test chose). */
  register(
    value: string,
    principal: string,
    options: { scopes?: string[]; ttlSeconds?: number } = {},
  ): StoredCredential {
    const credential: StoredCredential = {
      value,
      principal,
      scopes: [...(options.scopes ?? [])],
      ...(options.ttlSeconds ? { expiresAt: this.now() + options.ttlSeconds * 1000 } : {}),
    };
    this.credentials.set(value, credential);
    return credential;
  }

  check(value: string | undefined): CredentialCheck {
    if (!value) {
      return { ok: false, reason: "missing" };
    }
    const credential = this.credentials.get(value);
    if (!credential) {
      return { ok: false, reason: "invalid" };
    }
    if (credential.revoked) {
      return { ok: false, reason: "revoked" };
    }
    if (credential.expiresAt !== undefined && credential.expiresAt <= this.now()) {
      return { ok: false, reason: "expired" };
    }
    return { ok: true, credential };
  }

  /** Basic credentials: the password must be a live credential of the user it names. */
  checkBasic(user: string | undefined, password: string | undefined): CredentialCheck {
    const checked = this.check(password);
    if (checked.ok && checked.credential.principal !== user) {
      return { ok: false, reason: "invalid" };
    }
    return checked;
  }

  expire(value: string): void {
    const credential = this.credentials.get(value);
    if (credential) {
      credential.expiresAt = this.now() - 1;
    }
  }

  revoke(value: string): void {
    const credential = this.credentials.get(value);
    if (credential) {
      credential.revoked = true;
    }
  }

  /** Every credential of the principal dies (an app uninstalled, an account closed). */
  revokePrincipal(principal: string): void {
    for (const credential of this.credentials.values()) {
      if (credential.principal === principal) {
        credential.revoked = true;
      }
    }
  }

  /** A new credential replaces `value`, which stops working (a rotated auth token or key). */
  rotate(value: string, prefix: string): StoredCredential | undefined {
    const old = this.credentials.get(value);
    if (!old) {
      return undefined;
    }
    old.revoked = true;
    const { expiresAt } = old;
    const ttlSeconds = expiresAt ? Math.max(1, Math.round((expiresAt - this.now()) / 1000)) : 0;
    return this.issue(old.principal, { prefix, scopes: old.scopes, ttlSeconds });
  }

  /** The live credentials of a principal, newest last. */
  of(principal: string): StoredCredential[] {
    return [...this.credentials.values()].filter(
      credential => credential.principal === principal && this.check(credential.value).ok,
    );
  }

  /** An injected auth fault changes the state of the credential in use. */
  applyFault(kind: "AUTH_EXPIRED" | "AUTH_REVOKED", value: string | undefined): void {
    if (!value) {
      return;
    }
    if (kind === "AUTH_EXPIRED") {
      this.expire(value);
    } else {
      this.revoke(value);
    }
  }
}
