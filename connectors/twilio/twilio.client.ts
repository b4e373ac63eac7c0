import type { ConnectionHandle, ConnectorContext } from "../kit/contracts/index.js";
import { ConnectorError } from "../kit/connector-error.js";
import { requireSecret, requireSetting } from "../kit/credentials.js";
import { expectBody } from "../kit/expect-body.js";
import type { ProviderRequest } from "../kit/provider-http.js";
import {
  parseAccount,
  parseMessage,
  parsePage,
  parsePhoneNumber,
  type TwilioAccount,
  type TwilioMessage,
  type TwilioPage,
  type TwilioPhoneNumber,
} from "./twilio.schemas.js";

/**
 * One method per Twilio REST endpoint the connector uses (API 2010-04-01, JSON via `.json`),
 * all through the HTTP core (`ctx.http`): timeouts, retries, classification. The Account SID
 * (a setting) and the auth token (a secret) are read once, as HTTP Basic credentials.
 * Docs: https://www.twilio.com/docs/messaging/api/message-resource,
 * https://www.twilio.com/docs/iam/api/account, https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource
 */
const PROVIDER = "twilio";
const DEFAULT_VERSION = "2010-04-01";

/** Filters of `GET .../Messages.json`. `DateSent>` reads "sent on or after midnight (GMT)". */
export interface MessageFilter {
  to?: string;
  from?: string;
  /** YYYY-MM-DD (GMT). */
  dateSentAfter?: string;
  pageSize?: number;
}

export interface TwilioClient {
  accountSid: string;
  /** GET /{version}/Accounts/{AccountSid}.json */
  fetchAccount(): Promise<TwilioAccount>;
  /** GET .../IncomingPhoneNumbers.json?PhoneNumber=: the account's number, if it owns it. */
  findIncomingPhoneNumber(phoneNumber: string): Promise<TwilioPhoneNumber | undefined>;
  /** POST .../IncomingPhoneNumbers/{Sid}.json (form): where inbound SMS go. */
  updateIncomingPhoneNumber(
    sid: string,
    update: { smsUrl: string; smsMethod: "GET" | "POST" },
  ): Promise<TwilioPhoneNumber>;
  /**
   * POST .../Messages.json (form only). Not idempotent: after a lost answer `lookup` finds the
   * message again (its sid), or says it was never created.
   */
  createMessage(
    form: URLSearchParams,
    lookup?: () => Promise<TwilioMessage | undefined>,
  ): Promise<TwilioMessage>;
  /** GET .../Messages.json with filters: the first page. */
  listMessages(filter: MessageFilter): Promise<TwilioPage<TwilioMessage>>;
  /** A page after the first, from the relative `next_page_uri` Twilio returned. */
  nextMessages(nextPageUri: string): Promise<TwilioPage<TwilioMessage>>;
  /** GET .../Messages/{Sid}.json */
  fetchMessage(sid: string): Promise<TwilioMessage>;
}

const messagePage = (body: unknown) => parsePage(body, "messages", parseMessage);
const numberPage = (body: unknown) => parsePage(body, "incoming_phone_numbers", parsePhoneNumber);

export function createTwilioClient(
  ctx: ConnectorContext,
  connection: Pick<ConnectionHandle, "secrets" | "settings">,
): TwilioClient {
  const accountSid = requireSetting(ctx.config, connection, "accountSid");
  const authToken = requireSecret(ctx.config, connection, "authToken");
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const version = ctx.config.apiVersion ?? DEFAULT_VERSION;
  const accountPath = `/${version}/Accounts/${encodeURIComponent(accountSid)}`;

  const call = (request: ProviderRequest) =>
    ctx.http({
      ...request,
      headers: { authorization, accept: "application/json", ...request.headers },
    });
  /** A read: safe to repeat, and an unreadable answer is UNAVAILABLE. */
  const get = async <T>(
    path: string,
    parse: (body: unknown) => T | undefined,
    what: string,
    query?: ProviderRequest["query"],
  ) => {
    const response = await call({ method: "GET", path, query, idempotent: true });
    return expectBody(response, parse, { provider: PROVIDER, what });
  };
  const messagePath = (sid: string) => `${accountPath}/Messages/${encodeURIComponent(sid)}.json`;

  return {
    accountSid,

    fetchAccount: () => get(`${accountPath}.json`, parseAccount, "account"),

    async findIncomingPhoneNumber(phoneNumber) {
      const page = await get(
        `${accountPath}/IncomingPhoneNumbers.json`,
        numberPage,
        "phone number list",
        { PhoneNumber: phoneNumber, PageSize: 20 },
      );
      // The PhoneNumber filter may match partially; only the exact number counts.
      return page.items.find(number => number.phoneNumber === phoneNumber);
    },

    async updateIncomingPhoneNumber(sid, update) {
      const response = await call({
        method: "POST",
        path: `${accountPath}/IncomingPhoneNumbers/${encodeURIComponent(sid)}.json`,
        body: new URLSearchParams({ SmsUrl: update.smsUrl, SmsMethod: update.smsMethod }),
        // Setting the same URL twice leaves the same state: safe to repeat, so an unreadable
        // answer is UNAVAILABLE (ask again), not an unknown outcome.
        idempotent: true,
      });
      return expectBody(response, parsePhoneNumber, { provider: PROVIDER, what: "phone number" });
    },

    async createMessage(form, lookup) {
      const response = await call({
        method: "POST",
        path: `${accountPath}/Messages.json`,
        body: form,
        idempotent: false,
        ...(lookup
          ? {
              reconcile: async () => {
                const found = await lookup();
                return found
                  ? call({ method: "GET", path: messagePath(found.sid), idempotent: true })
                  : undefined;
              },
            }
          : {}),
      });
      return expectBody(response, parseMessage, {
        provider: PROVIDER,
        what: "message",
        write: true,
      });
    },

    listMessages: filter =>
      get(`${accountPath}/Messages.json`, messagePage, "message list", {
        To: filter.to,
        From: filter.from,
        "DateSent>": filter.dateSentAfter,
        PageSize: filter.pageSize,
      }),

    async nextMessages(nextPageUri) {
      if (!nextPageUri.startsWith(`${accountPath}/Messages.json`)) {
        throw new ConnectorError("UNAVAILABLE", `${PROVIDER} sent an unreadable next page link`, {
          provider: PROVIDER,
        });
      }
      return get(nextPageUri, messagePage, "message list");
    },

    fetchMessage: sid => get(messagePath(sid), parseMessage, "message"),
  };
}
