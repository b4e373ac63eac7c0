import type { ProviderKey } from "../kit/catalog.js";
import type { Secrets, Settings } from "../kit/contracts/index.js";
import type { ProviderConfig } from "../kit/provider-config.js";
import type { DeliveryModel } from "./delivery-model.js";
import type { WebhookSender } from "./webhook-sender.js";

/**
 * A sandbox is a wire-faithful fake of one provider: same paths, encodings, auth checks,
 * pagination, error bodies and rate-limit signals, and it sends back the signed webhooks the
 * provider would. The sandbox host serves every sandbox under `/<provider key>`, followed by
 * the path the real API uses.
 */
export interface SandboxRequest {
  method: string;
  /** The provider's own path, after the `/<provider>` prefix, starting with "/". */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

export interface SandboxReply {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON (with a JSON content type unless one is set); text as is. */
  body?: unknown;
}

/**
 * Faults a test (or a developer, through the control API) can inject. Each sandbox renders them
 * in its provider's own wire format; the auth faults also change the sandbox's state (the token
 * in use expires or is revoked), so what follows (refresh, replay) is real.
 */
export const FAULT_KINDS = [
  "RATE_LIMITED",
  "UNAVAILABLE",
  "AUTH_EXPIRED",
  "AUTH_REVOKED",
  "PERMISSION_DENIED",
  "INVALID_REQUEST",
  /** The request is processed, then the answer never comes (the client times out). */
  "TIMEOUT_AFTER_SENDING",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type RenderedFaultKind = Exclude<FaultKind, "TIMEOUT_AFTER_SENDING">;

export interface Fault {
  kind: FaultKind;
  /** For RATE_LIMITED: the wait the provider announces. */
  retryAfterSeconds?: number;
  /** Only requests whose method and path match (a substring or a pattern of the path). */
  match?: { method?: string; path?: string | RegExp };
}

/** What every sandbox receives from the host. */
export interface SandboxEnvironment {
  /** The app's registration with the provider (client id and secret, webhook secret). */
  app: ProviderConfig;
  /** Public base URL of this provider's sandbox (host + `/<provider>`), for links it returns. */
  baseUrl(): string;
  webhooks: WebhookSender;
  /**
   * Where the provider posts app-level webhooks (configured in a Meta or Slack app dashboard for
   * the real providers): `<PUBLIC_URL>/webhooks/<provider>`, when the sandbox knows it.
   */
  appWebhookUrl(): string | undefined;
  deliveries: DeliveryModel;
  /** Milliseconds between the status webhooks of one message (sent, delivered, read). */
  statusDelayMs: number;
  now(): Date;
}

export interface ProviderSandbox {
  provider: ProviderKey;
  handle(request: SandboxRequest): Promise<SandboxReply> | SandboxReply;
  /** Renders an injected fault for this request, in the provider's wire format. */
  fault(kind: RenderedFaultKind, request: SandboxRequest, fault: Fault): SandboxReply;
  /**
   * A new account of the fake provider, as a connection holds it: fresh credentials (never a
   * constant) and the settings the connector needs. Tests and the demo connect any provider so.
   */
  createConnection?(): { secrets: Secrets; settings: Settings };
}

export function jsonBody(request: SandboxRequest): unknown {
  return JSON.parse(request.rawBody.toString("utf8"));
}

export function formBody(request: SandboxRequest): URLSearchParams {
  return new URLSearchParams(request.rawBody.toString("utf8"));
}

export function bearerToken(request: SandboxRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
  return match?.[1];
}

export function basicCredentials(
  request: SandboxRequest,
): { user: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? "");
  if (!match?.[1]) {
    return undefined;
  }
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0
    ? undefined
    : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
