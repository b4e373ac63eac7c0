import type { OAuthTokens } from "./contracts/index.js";
import { ConnectorError } from "./connector-error.js";
import type { Classifier, ProviderResponse } from "./default-classifier.js";
import type { ProviderConfig } from "./provider-config.js";
import type { ProviderHttp } from "./provider-http.js";

/**
 * The OAuth 2 authorization-code flow, driven by the provider catalog: the authorize URL (with
 * PKCE S256 where the provider supports it), the code exchange and the refresh grant, with the
 * client authenticated the way the provider expects (form body or HTTP Basic).
 */
export interface AuthorizeRequest {
  state: string;
  redirectUri: string;
  scopes?: string[];
  codeChallenge?: string;
  extra?: Record<string, string>;
}

function oauthOf(config: ProviderConfig) {
  const oauth = config.spec.oauth;
  if (!oauth || !config.authorizeUrl || !config.tokenUrl) {
    throw new ConnectorError("INVALID_REQUEST", `${config.spec.name} does not use OAuth`, {
      provider: config.key,
    });
  }
  if (!config.clientId || !config.clientSecret) {
    throw new ConnectorError(
      "PERMISSION_DENIED",
      `${config.spec.name} has no OAuth app configured (${config.key.toUpperCase()}_CLIENT_ID)`,
      { provider: config.key },
    );
  }
  return { oauth, authorizeUrl: config.authorizeUrl, tokenUrl: config.tokenUrl };
}

export function buildAuthorizeUrl(config: ProviderConfig, request: AuthorizeRequest): string {
  const { oauth, authorizeUrl } = oauthOf(config);
  const url = new URL(authorizeUrl);
  const scopes = request.scopes ?? oauth.scopes;
  const params: Record<string, string> = {
    [oauth.clientIdParam ?? "client_id"]: config.clientId!,
    response_type: "code",
    redirect_uri: request.redirectUri,
    state: request.state,
    ...(scopes.length ? { scope: scopes.join(oauth.scopeSeparator) } : {}),
    ...oauth.authorizeParams,
    ...request.extra,
  };
  if (oauth.pkce && request.codeChallenge) {
    params.code_challenge = request.codeChallenge;
    params.code_challenge_method = "S256";
  }
  for (const [key, value] of Object.entries(params)) {
    url.searchParams.set(key, value);
  }
  return url.toString();
}

/** The standard token response: `{access_token, refresh_token?, expires_in?, scope?}`. */
export function parseStandardTokenResponse(
  response: ProviderResponse,
  now = Date.now(),
): OAuthTokens {
  const body = (response.body ?? {}) as Record<string, unknown>;
  const accessToken = body.access_token;
  if (typeof accessToken !== "string" || accessToken === "") {
    throw new ConnectorError("INVALID_REQUEST", "the token endpoint returned no access token");
  }
  const expiresIn = Number(body.expires_in);
  const scope = typeof body.scope === "string" ? body.scope : undefined;
  return {
    accessToken,
    ...(typeof body.refresh_token === "string" && body.refresh_token
      ? { refreshToken: body.refresh_token }
      : {}),
    ...(Number.isFinite(expiresIn) && expiresIn > 0
      ? { expiresAt: new Date(now + expiresIn * 1000) }
      : {}),
    ...(scope ? { scopes: scope.split(/[ ,]+/).filter(Boolean) } : {}),
  };
}

/**
 * Token endpoint failures (RFC 6749 §5.2): `invalid_grant` means the code or refresh token is
 * dead (revoked, expired, already used); `invalid_client` means the app's own credentials are
 * wrong; anything else is a bad request. 5xx and 429 keep their HTTP meaning.
 */
export const classifyTokenResponse: Classifier = (response, provider) => {
  if (response.status < 400) {
    return undefined;
  }
  const error = (response.body as { error?: unknown } | undefined)?.error;
  const details = { provider, providerCode: typeof error === "string" ? error : response.status };
  if (error === "invalid_grant") {
    return new ConnectorError("AUTH_REVOKED", `${provider} refused the grant`, details);
  }
  if (error === "invalid_client" || error === "unauthorized_client") {
    return new ConnectorError(
      "PERMISSION_DENIED",
      `${provider} refused the app's client credentials`,
      details,
    );
  }
  if (response.status === 429 || response.status >= 500) {
    return undefined; // the status classifier reads waits and outages
  }
  return new ConnectorError("INVALID_REQUEST", `${provider} refused the token request`, details);
};

export interface TokenGrantOptions {
  http: ProviderHttp;
  config: ProviderConfig;
  /** The provider's dialect, when its token answers are not standard. */
  parse?: (response: ProviderResponse) => OAuthTokens;
}

async function tokenRequest(
  options: TokenGrantOptions,
  grant: Record<string, string>,
): Promise<OAuthTokens> {
  const { oauth, tokenUrl } = oauthOf(options.config);
  const form = new URLSearchParams(grant);
  const headers: Record<string, string> = { accept: "application/json" };
  const { clientId, clientSecret } = options.config;
  if (oauth.clientAuth === "basic") {
    headers.authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
  } else {
    form.set(oauth.clientIdParam ?? "client_id", clientId!);
    form.set("client_secret", clientSecret!);
  }
  // Codes and rotating refresh tokens are single use: never sent twice blindly.
  const response = await options.http({
    method: "POST",
    path: tokenUrl,
    headers,
    body: form,
    idempotent: false,
  });
  return (options.parse ?? parseStandardTokenResponse)(response);
}

export function exchangeCode(
  options: TokenGrantOptions,
  request: { code: string; redirectUri: string; codeVerifier?: string },
): Promise<OAuthTokens> {
  return tokenRequest(options, {
    grant_type: "authorization_code",
    code: request.code,
    redirect_uri: request.redirectUri,
    ...(request.codeVerifier ? { code_verifier: request.codeVerifier } : {}),
  });
}

export function refreshAccessToken(
  options: TokenGrantOptions,
  refreshToken: string,
): Promise<OAuthTokens> {
  return tokenRequest(options, { grant_type: "refresh_token", refresh_token: refreshToken });
}
