import type { RouteParams } from "../sandbox/route-table.js";
import { formBody, type SandboxReply, type SandboxRequest } from "../sandbox/sandbox.js";
import { listPage, twilioDate } from "./twilio.sandbox-accounts.js";
import { notFound, ok, twilioError } from "./twilio.sandbox-errors.js";
import {
  API_VERSION,
  type SandboxAccount,
  type SandboxContext,
  type SandboxNumber,
} from "./twilio.sandbox-state.js";

/** The IncomingPhoneNumbers resource of the sandbox: list (filtered, paginated), fetch, update. */

const digits = (text: string) => text.replace(/\D/g, "");

function numberJson(number: SandboxNumber): object {
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

/** GET .../IncomingPhoneNumbers.json: PhoneNumber (digits, partial match) and FriendlyName. */
export function listNumbers(
  ctx: SandboxContext,
  account: SandboxAccount,
  request: SandboxRequest,
): SandboxReply {
  const phone = request.query.get("PhoneNumber");
  const name = request.query.get("FriendlyName");
  const items = ctx.state
    .numbersOf(account.sid)
    .filter(number => !phone || digits(number.phoneNumber).includes(digits(phone)))
    .filter(number => !name || number.friendlyName === name)
    .reverse();
  return listPage(request, {
    path: `/${API_VERSION}/Accounts/${account.sid}/IncomingPhoneNumbers.json`,
    key: "incoming_phone_numbers",
    items,
    filters: ["PhoneNumber", "FriendlyName"],
    render: numberJson,
  });
}

/** GET .../IncomingPhoneNumbers/{Sid}.json */
export function fetchNumber(
  ctx: SandboxContext,
  account: SandboxAccount,
  request: SandboxRequest,
  params: RouteParams,
): SandboxReply {
  const number = ctx.state.numbers.get(params.sid ?? "");
  return number?.accountSid === account.sid ? ok(numberJson(number)) : notFound(request);
}

/**
 * POST .../IncomingPhoneNumbers/{Sid}.json: SmsUrl, SmsMethod, FriendlyName. Twilio reads form
 * parameters only, so another content type changes nothing (and still answers 200).
 */
export function updateNumber(
  ctx: SandboxContext,
  account: SandboxAccount,
  request: SandboxRequest,
  params: RouteParams,
): SandboxReply {
  const number = ctx.state.numbers.get(params.sid ?? "");
  if (number?.accountSid !== account.sid) {
    return notFound(request);
  }
  const contentType = (request.headers["content-type"] ?? "").toLowerCase();
  if (!contentType.startsWith("application/x-www-form-urlencoded")) {
    return ok(numberJson(number));
  }
  const form = formBody(request);
  const smsUrl = form.get("SmsUrl");
  const smsMethod = form.get("SmsMethod");
  const friendlyName = form.get("FriendlyName");
  // The spec's enum and uri checks, by hand: its "http-method" format is unknown to the shared
  // validator, which would warn on every compile. Twilio's codes for these are unverified.
  if (smsMethod !== null && smsMethod !== "GET" && smsMethod !== "POST") {
    return twilioError(400, 400, "Invalid parameter SmsMethod: must be GET or POST");
  }
  if (smsUrl && !/^https?:\/\/[^\s]+$/i.test(smsUrl)) {
    return twilioError(400, 400, "Invalid parameter SmsUrl: must be an http(s) URL");
  }
  if (smsUrl !== null) {
    number.smsUrl = smsUrl || null;
  }
  if (smsMethod === "GET" || smsMethod === "POST") {
    number.smsMethod = smsMethod;
  }
  if (friendlyName !== null) {
    number.friendlyName = friendlyName;
  }
  number.dateUpdated = ctx.env.now();
  return ok(numberJson(number));
}
