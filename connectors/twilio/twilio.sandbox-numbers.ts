import { formBody, type SandboxReply, type SandboxRequest } from "../sandbox/sandbox.js";
import type { SandboxAccount, SandboxNumber } from "./twilio.sandbox-state.js";
import type { SandboxContext } from "./twilio.sandbox-webhooks.js";
import { API_VERSION, listPage, numberJson, ok, twilioError } from "./twilio.sandbox-wire.js";

/** The IncomingPhoneNumbers resource of the sandbox: list (filtered, paginated) and update. */

const digits = (text: string) => text.replace(/\D/g, "");

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

/**
 * POST .../IncomingPhoneNumbers/{Sid}.json: SmsUrl, SmsMethod, FriendlyName. Twilio reads form
 * parameters only, so another content type changes nothing (and still answers 200).
 */
export function updateNumber(
  ctx: SandboxContext,
  number: SandboxNumber,
  request: SandboxRequest,
): SandboxReply {
  const contentType = (request.headers["content-type"] ?? "").toLowerCase();
  if (!contentType.startsWith("application/x-www-form-urlencoded")) {
    return ok(numberJson(number));
  }
  const params = formBody(request);
  const smsUrl = params.get("SmsUrl");
  const smsMethod = params.get("SmsMethod");
  const friendlyName = params.get("FriendlyName");
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
