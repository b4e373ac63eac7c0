import { randomBytes } from "node:crypto";
import { loadSpec, OpenApiValidator } from "../sandbox/openapi-validator.js";
import type { SandboxReply, SandboxRequest } from "../sandbox/sandbox.js";
import {
  currentStep,
  type SandboxAccount,
  type SandboxMessage,
  type SandboxNumber,
} from "./twilio.sandbox-state.js";

/**
 * Twilio's wire shapes for the sandbox: JSON resources as the 2010-04-01 API renders them (field
 * names from connectors/specs/twilio_api_v2010.json), error bodies, RFC 2822 dates and the list
 * pagination (PageSize, Page, PageToken, next_page_uri...).
 */
export const API_VERSION = "2010-04-01";

let validator: OpenApiValidator | undefined;

/** Twilio's official spec, read once per process and only when first needed. */
export function twilioSpecValidator(): OpenApiValidator {
  validator ??= new OpenApiValidator(
    loadSpec(new URL("../specs/twilio_api_v2010.json", import.meta.url)),
  );
  return validator;
}

/** Twilio's date format: "Fri, 24 May 2019 17:44:46 +0000". */
export function twilioDate(date: Date | null | undefined): string | null {
  return date ? date.toUTCString().replace("GMT", "+0000") : null;
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return {
    "content-type": "application/json; charset=utf-8",
    "twilio-request-id": `RQ${randomBytes(16).toString("hex")}`,
    ...extra,
  };
}

export function ok(body: object, status = 200): SandboxReply {
  return { status, headers: headers(), body };
}

/** Twilio's error body: `{code, message, more_info, status}` with the HTTP status repeated. */
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

export const authenticate = () =>
  // The WWW-Authenticate realm is from memory (unverified).
  twilioError(401, 20003, "Authenticate", { "www-authenticate": 'Basic realm="Twilio API"' });

export const notFound = (path: string) =>
  twilioError(404, 20404, `The requested resource ${path} was not found`);

export function accountJson(account: SandboxAccount): object {
  const uri = `/${API_VERSION}/Accounts/${account.sid}`;
  return {
    auth_token: account.authToken,
    date_created: twilioDate(account.dateCreated),
    date_updated: twilioDate(account.dateUpdated),
    friendly_name: account.friendlyName,
    owner_account_sid: account.sid,
    sid: account.sid,
    status: account.status,
    subresource_uris: {
      incoming_phone_numbers: `${uri}/IncomingPhoneNumbers.json`,
      messages: `${uri}/Messages.json`,
    },
    type: "Full",
    uri: `${uri}.json`,
  };
}

export function numberJson(number: SandboxNumber): object {
  return {
    account_sid: number.accountSid,
    api_version: API_VERSION,
    beta: false,
    capabilities: { voice: true, sms: true, mms: true, fax: false },
    date_created: twilioDate(number.dateCreated),
    date_updated: twilioDate(number.dateUpdated),
    friendly_name: number.friendlyName,
    origin: "twilio",
    phone_number: number.phoneNumber,
    sid: number.sid,
    sms_application_sid: "",
    sms_fallback_method: "POST",
    sms_fallback_url: "",
    sms_method: number.smsMethod,
    sms_url: number.smsUrl ?? "",
    status: "in-use",
    uri: `/${API_VERSION}/Accounts/${number.accountSid}/IncomingPhoneNumbers/${number.sid}.json`,
  };
}

export function messageJson(message: SandboxMessage, now: Date): object {
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
    error_code: step.errorCode ?? null,
    error_message: step.errorCode ? "Unreachable destination handset" : null,
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

/**
 * One page of a list sorted newest first. `PageToken` is "PA" + the SID of the last item of the
 * previous page (or "PB" + the first item of the next one, going back), as Twilio's own links
 * show; `Page` is the client's counter, echoed. Filters are carried into every link.
 */
export function listPage<T extends { sid: string }>(
  request: SandboxRequest,
  options: {
    path: string;
    key: string;
    items: T[];
    filters: string[];
    render: (item: T) => object;
  },
): SandboxReply {
  const query = request.query;
  const pageSize = Math.min(1000, Math.max(1, Number(query.get("PageSize")) || 50));
  const page = Math.max(0, Number(query.get("Page")) || 0);
  const token = query.get("PageToken") ?? "";
  const index = (sid: string) => options.items.findIndex(item => item.sid === sid);
  let start = 0;
  if (token.startsWith("PA")) {
    const at = index(token.slice(2));
    start = at < 0 ? options.items.length : at + 1;
  } else if (token.startsWith("PB")) {
    start = Math.max(0, index(token.slice(2)) - pageSize);
  }
  const slice = options.items.slice(start, start + pageSize);
  const link = (pageNumber: number, pageToken?: string) => {
    const params = new URLSearchParams();
    for (const name of options.filters) {
      const value = query.get(name);
      if (value !== null) {
        params.set(name, value);
      }
    }
    params.set("PageSize", String(pageSize));
    params.set("Page", String(pageNumber));
    if (pageToken) {
      params.set("PageToken", pageToken);
    }
    return `${options.path}?${params.toString()}`;
  };
  const last = slice.at(-1);
  const first = slice[0];
  const more = start + slice.length < options.items.length;
  return ok({
    [options.key]: slice.map(options.render),
    end: page * pageSize + Math.max(0, slice.length - 1),
    first_page_uri: link(0),
    next_page_uri: more && last ? link(page + 1, `PA${last.sid}`) : null,
    page,
    page_size: pageSize,
    previous_page_uri: start > 0 && first ? link(Math.max(0, page - 1), `PB${first.sid}`) : null,
    start: page * pageSize,
    uri: link(page, token || undefined),
  });
}
