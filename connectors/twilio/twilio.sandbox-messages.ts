import type { RouteParams } from "../sandbox/route-table.js";
import { formBody, type SandboxReply, type SandboxRequest } from "../sandbox/sandbox.js";
import { listPage, twilioDate } from "./twilio.sandbox-accounts.js";
import { notFound, ok, refuseCreate, twilioError } from "./twilio.sandbox-errors.js";
import {
  API_VERSION,
  currentStep,
  newSid,
  segmentCount,
  type SandboxAccount,
  type SandboxContext,
  type SandboxMessage,
} from "./twilio.sandbox-state.js";
import { deliverySteps, sendStatusCallbacks } from "./twilio.sandbox-webhooks.js";

/**
 * The Messages resource of the sandbox: create (refused as Twilio refuses, see sandbox-errors),
 * fetch, and list with filters. Accepted messages then go through their delivery timeline, with
 * signed status callbacks.
 */
function messageJson(message: SandboxMessage, now: Date): object {
  const step = currentStep(message, now);
  const uri = `/${API_VERSION}/Accounts/${message.accountSid}/Messages/${message.sid}`;
  return {
    account_sid: message.accountSid,
    api_version: API_VERSION,
    body: message.body,
    date_created: twilioDate(message.dateCreated),
    // Set at creation, as the spec's examples of a just-queued message show.
    date_sent: twilioDate(message.dateCreated),
    date_updated: twilioDate(step.at),
    direction: message.direction,
    error_code: step.failureCode ? Number(step.failureCode) : null,
    error_message: step.failureCode ? "Unreachable destination handset" : null,
    from: message.from,
    messaging_service_sid: null,
    num_media: "0",
    num_segments: String(message.numSegments),
    price: null,
    price_unit: "USD",
    sid: message.sid,
    status: step.status,
    subresource_uris: { media: `${uri}/Media.json` },
    to: message.to,
    uri: `${uri}.json`,
  };
}

/** POST .../Messages.json */
export function createMessage(
  ctx: SandboxContext,
  account: SandboxAccount,
  request: SandboxRequest,
): SandboxReply {
  const refused = refuseCreate(ctx, account, request);
  if (refused) {
    return refused;
  }
  const form = formBody(request);
  // Past the checks, To and From are E.164 numbers.
  const [to, from, body] = [form.get("To") ?? "", form.get("From") ?? "", form.get("Body") ?? ""];
  const contentSid = form.get("ContentSid") ?? undefined;
  const contentVariables = form.get("ContentVariables") ?? undefined;
  const statusCallback = form.get("StatusCallback") ?? undefined;
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
  sendStatusCallbacks(ctx, message);
  return ok(messageJson(message, ctx.env.now()), 201);
}

/** A date filter value: a GMT day (YYYY-MM-DD) or an instant, as [start, end) in ms. */
function dateRange(value: string): [number, number] | undefined {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const start = Date.parse(day ? `${value}T00:00:00Z` : value);
  return Number.isNaN(start) ? undefined : [start, start + (day ? 86_400_000 : 1000)];
}

const DATE_FILTERS = [
  ["DateSent", (t: number, [start, end]: [number, number]) => t >= start && t < end],
  ["DateSent>", (t: number, [start]: [number, number]) => t >= start],
  ["DateSent<", (t: number, [, end]: [number, number]) => t < end],
] as const;

/** GET .../Messages.json: To, From, DateSent, DateSent<, DateSent> filters; newest first. */
export function listMessages(
  ctx: SandboxContext,
  account: SandboxAccount,
  request: SandboxRequest,
): SandboxReply {
  const query = request.query;
  const checks: Array<(message: SandboxMessage) => boolean> = [];
  for (const field of ["To", "From"] as const) {
    const value = query.get(field);
    if (value) {
      checks.push(message => message[field === "To" ? "to" : "from"] === value);
    }
  }
  for (const [name, test] of DATE_FILTERS) {
    const value = query.get(name);
    const range = value === null ? undefined : dateRange(value);
    if (value !== null && !range) {
      return twilioError(400, 400, `Invalid ${name}: ${value}`); // Twilio's code unverified
    }
    if (range) {
      checks.push(message => test(message.dateCreated.getTime(), range));
    }
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
  request: SandboxRequest,
  params: RouteParams,
): SandboxReply {
  const message = ctx.state.messages.find(
    m => m.sid === params.sid && m.accountSid === account.sid,
  );
  return message ? ok(messageJson(message, ctx.env.now())) : notFound(request);
}
