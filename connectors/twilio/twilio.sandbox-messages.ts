import type { OpenApiIssue } from "../sandbox/openapi-validator.js";
import { formBody, type SandboxReply, type SandboxRequest } from "../sandbox/sandbox.js";
import {
  newSid,
  segmentCount,
  type SandboxAccount,
  type SandboxMessage,
} from "./twilio.sandbox-state.js";
import {
  deliverySteps,
  sendStatusCallbacks,
  type SandboxContext,
} from "./twilio.sandbox-webhooks.js";
import {
  API_VERSION,
  listPage,
  messageJson,
  notFound,
  ok,
  twilioError,
  twilioSpecValidator,
} from "./twilio.sandbox-wire.js";

/**
 * The Messages resource of the sandbox: create (validated against Twilio's OpenAPI document,
 * then Twilio's own checks), fetch, list with filters, and the signed status callbacks.
 */
const E164 = /^\+[1-9]\d{1,14}$/;
const CREATE_TEMPLATE = "/2010-04-01/Accounts/{AccountSid}/Messages.json";

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

/** How Twilio answers a body the spec refuses. A non-form body reads as no parameters: 21604. */
function refuse(issue: OpenApiIssue): SandboxReply {
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

/** POST .../Messages.json */
export function createMessage(
  ctx: SandboxContext,
  account: SandboxAccount,
  request: SandboxRequest,
): SandboxReply {
  const issues = twilioSpecValidator().validate(
    "POST",
    CREATE_TEMPLATE,
    request.headers["content-type"],
    request.rawBody,
  );
  if (issues.length > 0) {
    return refuse(issues[0]!);
  }
  const params = formBody(request);
  const to = params.get("To") ?? "";
  const from = params.get("From") ?? "";
  const body = params.get("Body") ?? "";
  const contentSid = params.get("ContentSid") ?? undefined;
  const contentVariables = params.get("ContentVariables") ?? undefined;
  const statusCallback = params.get("StatusCallback") ?? undefined;
  if (!from) {
    // MessagingServiceSid senders are not modelled by the sandbox.
    return twilioError(400, 21603, "A 'From' phone number is required.");
  }
  if (!body && !contentSid && !params.has("MediaUrl")) {
    return twilioError(400, 21602, "Message body is required.");
  }
  if ([...body].length > 1600) {
    return twilioError(
      400,
      21617,
      "The concatenated message body exceeds the 1600 character limit.",
    );
  }
  if (contentVariables !== undefined && !isJsonObject(contentVariables)) {
    return twilioError(400, 21656, "The ContentVariables Parameter is invalid."); // from memory
  }
  if (!E164.test(to)) {
    return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  }
  const magic = MAGIC_TO.get(to);
  if (magic) {
    return twilioError(400, magic[0], magic[1]);
  }
  const sender = ctx.state.numberByPhone(from);
  if (!sender || sender.accountSid !== account.sid) {
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
  if (ctx.state.isOptedOut(from, to)) {
    return twilioError(400, 21610, "Attempt to send to unsubscribed recipient");
  }
  const sid = newSid("SM");
  const text = contentSid ? `[content ${contentSid}] ${contentVariables ?? ""}`.trim() : body;
  const message: SandboxMessage = {
    sid,
    accountSid: account.sid,
    direction: "outbound-api",
    to,
    from,
    body: text,
    numSegments: segmentCount(text),
    ...(contentSid ? { contentSid } : {}),
    ...(contentVariables ? { contentVariables } : {}),
    ...(statusCallback ? { statusCallback } : {}),
    dateCreated: ctx.env.now(),
    steps: deliverySteps(ctx, to, sid),
  };
  ctx.state.messages.push(message);
  sendStatusCallbacks(ctx, account, message);
  return ok(messageJson(message, ctx.env.now()), 201);
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** A date filter value: a GMT day (YYYY-MM-DD) or an instant, as [start, end) in ms. */
function dateRange(value: string): [number, number] | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(start) ? undefined : [start, start + 86_400_000];
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : [at, at + 1000];
}

/** GET .../Messages.json: To, From, DateSent, DateSent<, DateSent> filters; newest first. */
export function listMessages(
  ctx: SandboxContext,
  account: SandboxAccount,
  request: SandboxRequest,
): SandboxReply {
  const query = request.query;
  const checks: Array<(message: SandboxMessage) => boolean> = [];
  const to = query.get("To");
  const from = query.get("From");
  if (to) {
    checks.push(message => message.to === to);
  }
  if (from) {
    checks.push(message => message.from === from);
  }
  for (const [name, test] of [
    ["DateSent", (t: number, [start, end]: [number, number]) => t >= start && t < end],
    ["DateSent>", (t: number, [start]: [number, number]) => t >= start],
    ["DateSent<", (t: number, [, end]: [number, number]) => t < end],
  ] as const) {
    const value = query.get(name);
    if (value === null) {
      continue;
    }
    const range = dateRange(value);
    if (!range) {
      return twilioError(400, 400, `Invalid ${name}: ${value}`); // Twilio's code unverified
    }
    checks.push(message => test(message.dateCreated.getTime(), range));
  }
  const items = ctx.state.messages
    .filter(message => message.accountSid === account.sid && checks.every(check => check(message)))
    .reverse();
  const now = ctx.env.now();
  return listPage(request, {
    path: `/${API_VERSION}/Accounts/${account.sid}/Messages.json`,
    key: "messages",
    items,
    filters: ["To", "From", "DateSent", "DateSent<", "DateSent>"],
    render: message => messageJson(message, now),
  });
}

/** GET .../Messages/{Sid}.json */
export function fetchMessage(
  ctx: SandboxContext,
  account: SandboxAccount,
  sid: string,
  request: SandboxRequest,
): SandboxReply {
  const message = ctx.state.messages.find(m => m.sid === sid && m.accountSid === account.sid);
  return message ? ok(messageJson(message, ctx.env.now())) : notFound(request.path);
}
