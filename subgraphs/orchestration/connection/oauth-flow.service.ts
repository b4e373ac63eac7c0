import { createHash, randomBytes } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import { tokensToSecrets } from "../../../connectors/kit/contracts/index.js";
import { isProviderKey, PROVIDERS } from "../../../connectors/kit/catalog.js";
import { ConnectorError } from "../../../connectors/kit/connector-error.js";
import { buildAuthorizeUrl, exchangeCode } from "../../../connectors/kit/oauth2.js";
import { createPkcePair } from "../../../connectors/kit/pkce.js";
import { type Connection, OAuthState } from "../../../orm/entities/index.js";
import { uuidv7 } from "../../../orm/uuid.js";
import type { Viewer } from "../../../platform/auth/viewer.js";
import { requireWriter } from "../../shared/authorization.js";
import type { ConnectorRuntime } from "../../../connectors/runtime/connector-runtime.js";
import { BadUserInputError } from "../../shared/errors.js";
import { saveVerifiedConnection } from "./connection-store.js";

const STATE_TTL_MS = 10 * 60_000;

export interface BeganConnection {
  authorizeUrl: string;
  state: string;
  expiresAt: Date;
}

function hashState(state: string): string {
  return createHash("sha256").update(state).digest("hex");
}

/**
 * The OAuth authorization-code flow for a workspace: a one-time, expiring `state` bound to the
 * workspace, the provider and the exact redirect URI, PKCE S256 where the provider supports it,
 * the code exchange, a live call that identifies the account, and the connection saved.
 */
export class OAuthFlowService {
  constructor(
    private readonly em: EntityManager,
    private readonly runtime: ConnectorRuntime,
  ) {}

  private oauthProvider(provider: string) {
    const spec = isProviderKey(provider) ? PROVIDERS[provider] : undefined;
    if (!spec) {
      throw new BadUserInputError("provider", `unknown provider "${provider}"`);
    }
    if (spec.authMode !== "OAUTH2") {
      throw new BadUserInputError("provider", `${spec.name} connects with credentials, not OAuth`);
    }
    if (!this.runtime.has(spec.key)) {
      throw new BadUserInputError("provider", `${spec.name} is not supported yet`);
    }
    return spec;
  }

  private checkRedirect(redirectUri: string | null | undefined): string {
    const fallback = this.runtime.oauthCallbackUrl();
    if (!redirectUri || redirectUri === fallback) {
      return fallback;
    }
    if (!(this.runtime.options.allowedRedirectUris ?? []).includes(redirectUri)) {
      throw new BadUserInputError("redirectUri", "is not a registered redirect URI");
    }
    return redirectUri;
  }

  async begin(
    viewer: Viewer,
    input: { provider: string; redirectUri?: string | null; scopes?: string[] | null },
  ): Promise<BeganConnection> {
    requireWriter(viewer);
    const spec = this.oauthProvider(input.provider);
    const redirectUri = this.checkRedirect(input.redirectUri);
    const state = randomBytes(32).toString("base64url");
    const pkce = spec.oauth?.pkce ? createPkcePair() : undefined;
    const id = uuidv7();
    const expiresAt = new Date(Date.now() + STATE_TTL_MS);
    const scopes = input.scopes?.length ? input.scopes : [...(spec.oauth?.scopes ?? [])];
    this.em.create(OAuthState, {
      id,
      workspace: viewer.workspaceId,
      userId: viewer.userId,
      provider: spec.key,
      stateHash: hashState(state),
      redirectUri,
      codeVerifier: pkce
        ? this.runtime.vault.encrypt(pkce.verifier, {
            workspaceId: viewer.workspaceId,
            ownerId: id,
          })
        : null,
      scopes,
      expiresAt,
    } as never);
    await this.em.flush();
    const config = this.runtime.providerConfig(spec.key);
    const extra = this.runtime.connector(spec.key).oauth?.authorizeParams?.(config);
    const authorizeUrl = buildAuthorizeUrl(config, {
      state,
      redirectUri,
      scopes,
      ...(pkce ? { codeChallenge: pkce.challenge } : {}),
      ...(extra ? { extra } : {}),
    });
    return { authorizeUrl, state, expiresAt };
  }

  /**
   * Consumes the state (one use: the row is deleted whatever happens next) and completes the
   * flow. `workspaceId` restricts the state to the caller's workspace; the HTTP callback, which
   * has no caller, passes undefined and the state's own workspace applies.
   */
  async complete(input: {
    state: string;
    code: string;
    redirectUri?: string | null;
    workspaceId?: string;
  }): Promise<Connection> {
    const rows = await this.em.getConnection().execute<Array<Record<string, unknown>>>(
      `delete from oauth_state where state_hash = ?${input.workspaceId ? " and workspace_id = ?" : ""}
       returning id, workspace_id, provider, redirect_uri, code_verifier, scopes, expires_at`,
      input.workspaceId ? [hashState(input.state), input.workspaceId] : [hashState(input.state)],
    );
    const row = rows[0];
    if (!row) {
      throw new BadUserInputError("state", "is unknown or was already used");
    }
    const workspaceId = String(row.workspace_id);
    if (new Date(String(row.expires_at)).getTime() < Date.now()) {
      throw new BadUserInputError("state", "has expired; begin the connection again");
    }
    const redirectUri = String(row.redirect_uri);
    if (input.redirectUri && input.redirectUri !== redirectUri) {
      throw new BadUserInputError("redirectUri", "differs from the one the flow began with");
    }
    const spec = this.oauthProvider(String(row.provider));
    const codeVerifier = row.code_verifier
      ? this.runtime.vault.decrypt(String(row.code_verifier), {
          workspaceId,
          ownerId: String(row.id),
        })
      : undefined;
    const tokens = await exchangeCode(this.runtime.tokenGrant(spec.key), {
      code: input.code,
      redirectUri,
      ...(codeVerifier ? { codeVerifier } : {}),
    }).catch((error: unknown) => {
      throw error instanceof ConnectorError && !error.retryable
        ? new BadUserInputError(
            "code",
            `${spec.name} refused the authorization code (${error.kind})`,
          )
        : error;
    });
    const secrets = tokensToSecrets(tokens);
    const connector = this.runtime.connector(spec.key);
    const identity = await connector.verify(this.runtime.context(connector), {
      secrets,
      settings: tokens.extra ?? {},
    });
    return saveVerifiedConnection(this.em, this.runtime, workspaceId, {
      spec,
      identity,
      secrets,
      settings: tokens.extra ?? {},
      scopes: tokens.scopes ?? (row.scopes as string[]),
      tokenExpiresAt: tokens.expiresAt ?? null,
    });
  }
}
