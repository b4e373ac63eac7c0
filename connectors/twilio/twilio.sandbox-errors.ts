import { randomBytes } from "node:crypto";
import { isRecord, parseJson } from "../kit/json.js";
import { loadSpec, OpenApiValidator, type OpenApiIssue } from "../sandbox/openapi-validator.js";
import {
  formBody,
  type Fault,
  type RenderedFaultKind,
  type SandboxReply,
  type SandboxRequest,
} from "../sandbox/sandbox.js";
import type { SandboxAccount, SandboxContext } from "./twilio.sandbox-state.js";

/**
 * Twilio's answers as the sandbox sends them: the headers of every answer (a `Twilio-Request-Id`),
 * the error body `{code, message, more_info, status}` with the HTTP status repeated, Twilio's
 * refusals of a Messages create (its spec, then its own checks in order), and the injected faults
 * rendered in it. Codes: https://www.twilio.com/docs/api/errors (the ones marked unverified
 * are the sandbox's checklist against the live API).
 */
function headers(extra: Record<string, string> = {}): Record<string, string> {
  return {
    "content-type": "application/json; charset=utf-8",
    "twilio-request-id": `RQ${randomBytes(16).toString("hex")}`,
    ...extra,
  };
}

/** A resource as Twilio answers it (200, or 201 for a created one). */
export function ok(body: object, status = 200): SandboxReply {
  return { status, headers: headers(), body };
}

export function twilioError(
  status: number,
  code: number,
  message: string,
  extra: Record<string, string> = {},
): SandboxReply {
  return {
    status,
    headers: headers(extra),
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  };
}

const E164 = /^\+[1-9]\d{1,14}$/;
const CREATE_TEMPLATE = "/2010-04-01/Accounts/{AccountSid}/Messages.json";

let validator: OpenApiValidator | undefined;

/** Twilio's official spec, read once per process and only when first needed. */
function specValidator(): OpenApiValidator {
  validator ??= new OpenApiValidator(
    loadSpec(new URL("../specs/twilio_api_v2010.json", import.meta.url)),
  );
  return validator;
}

/**
 * Twilio's magic "To" numbers and their codes (documented for test credentials; honoured for
 * every sandbox account): https://www.twilio.com/docs/iam/test-credentials. The message texts
 * are paraphrased.
 */
const MAGIC_TO = new Map<string, [number, string]>([
  ["+15005550001", [21211, "The 'To' number +15005550001 is not a valid phone number."]],
  ["+15005550002", [21612, "The 'To' phone number is not currently reachable via SMS."]],
  ["+15005550003", [21408, "Permission to send an SMS has not been enabled for the region."]],
  ["+15005550004", [21610, "Attempt to send to unsubscribed recipient"]],
  ["+15005550009", [21614, "'To' number is not a valid mobile number"]],
]);

/** Missing, wrong or rotated credentials. The WWW-Authenticate realm is from memory (unverified). */
export const authenticate = () =>
  twilioError(401, 20003, "Authenticate", { "www-authenticate": 'Basic realm="Twilio API"' });

export const notFound = (request: Pick<SandboxRequest, "path">) =>
  twilioError(404, 20404, `The requested resource ${request.path} was not found`);

// Twilio's code for a method a resource does not support (20004), from memory (unverified).
export const methodNotAllowed = () => twilioError(405, 20004, "Method not allowed");

/** A suspended or closed account, and the PERMISSION_DENIED fault. */
export const forbidden = () =>
  twilioError(403, 20403, "The account lacks permission to access the Twilio API.");

/** How Twilio answers a create body its spec refuses. A non-form body reads as no parameters: 21604. */
function refuseSpecIssue(issue: OpenApiIssue): SandboxReply {
  switch (issue.field) {
    case "content-type":
    case "body":
    case "To":
      return twilioError(400, 21604, "A 'To' phone number is required.");
    case "StatusCallback":
      return twilioError(400, 21609, "The StatusCallback URL is not a valid URL.");
    case "ContentSid": // 21655 from memory (unverified)
      return twilioError(400, 21655, "The ContentSid is Invalid.");
    default:
      return twilioError(400, 400, `Invalid parameter ${issue.field}: ${issue.message}`);
  }
}

/** Twilio's own checks of a create, in its order: the first refusal, or none. */
function refusal(ctx: SandboxContext, account: SandboxAccount, form: URLSearchParams) {
  const [to, from, body] = [form.get("To") ?? "", form.get("From") ?? "", form.get("Body") ?? ""];
  const variables = form.get("ContentVariables");
  if (!from) {
    // MessagingServiceSid senders are not modelled by the sandbox.
    return twilioError(400, 21603, "A 'From' phone number is required.");
  }
  if (!body && !form.get("ContentSid") && !form.has("MediaUrl")) {
    return twilioError(400, 21602, "Message body is required.");
  }
  if ([...body].length > 1600) {
    return twilioError(
      400,
      21617,
      "The concatenated message body exceeds the 1600 character limit.",
    );
  }
  if (variables !== null && !isRecord(parseJson(variables))) {
    return twilioError(400, 21656, "The ContentVariables Parameter is invalid."); // from memory
  }
  if (!E164.test(to)) {
    return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  }
  const magic = MAGIC_TO.get(to);
  if (magic) {
    return twilioError(400, magic[0], magic[1]);
  }
  if (ctx.state.numberByPhone(from)?.accountSid !== account.sid) {
    return twilioError(
      400,
      21606,
      `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
    );
  }
  if ([...account.blockedPrefixes].some(prefix => to.startsWith(prefix))) {
    return twilioError(
      400,
      21408,
      `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}`,
    );
  }
  return ctx.state.isOptedOut(from, to)
    ? twilioError(400, 21610, "Attempt to send to unsubscribed recipient")
    : undefined;
}

/** `POST .../Messages.json` validated against Twilio's OpenAPI document, then Twilio's checks. */
export function refuseCreate(
  ctx: SandboxContext,
  account: SandboxAccount,
  request: SandboxRequest,
): SandboxReply | undefined {
  const type = request.headers["content-type"];
  const issues = specValidator().validate("POST", CREATE_TEMPLATE, type, request.rawBody);
  return issues[0] ? refuseSpecIssue(issues[0]) : refusal(ctx, account, formBody(request));
}

/**
 * An injected fault as Twilio sends it. The auth faults render as a refused token: Twilio tokens
 * do not expire, so the sandbox (which rotates the caller's token first) answers both alike.
 */
export function renderFault(
  kind: RenderedFaultKind,
  request: SandboxRequest,
  fault: Fault,
): SandboxReply {
  switch (kind) {
    case "RATE_LIMITED":
      // REST concurrency limit: never processed. Twilio sends no Retry-After with it.
      return twilioError(
        429,
        20429,
        "Too Many Requests",
        fault.retryAfterSeconds !== undefined
          ? { "retry-after": String(fault.retryAfterSeconds) }
          : {},
      );
    case "UNAVAILABLE":
      return twilioError(503, 20503, "Service unavailable");
    case "AUTH_EXPIRED":
    case "AUTH_REVOKED":
      return authenticate();
    case "PERMISSION_DENIED":
      return forbidden();
    case "INVALID_REQUEST":
      return request.method === "POST" && request.path.endsWith("/Messages.json")
        ? twilioError(400, 21211, "The 'To' number is not a valid phone number.")
        : twilioError(400, 400, "Bad Request");
  }
}
