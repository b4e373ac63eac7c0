import type { ConnectionHandle, ConnectorContext } from "../kit/contracts/index.js";
import { ConnectorError } from "../kit/connector-error.js";
import type { ProviderResponse } from "../kit/default-classifier.js";
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
 * all through the HTTP core (`ctx.http`): timeouts, retries, classification.
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

function required(values: Record<string, string>, key: string, kind: string): string {
  const value = values[key]?.trim();
  if (!value) {
    throw new ConnectorError(
      "INVALID_REQUEST",
      `${PROVIDER}: the connection has no ${kind} ${key}`,
      {
        provider: PROVIDER,
      },
    );
  }
  return value;
}

function unreadable(what: string): ConnectorError {
  return new ConnectorError("UNAVAILABLE", `${PROVIDER} sent an unreadable ${what}`, {
    provider: PROVIDER,
  });
}

function read<T>(
  response: ProviderResponse,
  parse: (body: unknown) => T | undefined,
  what: string,
) {
  const value = parse(response.body);
  if (value === undefined) {
    throw unreadable(what);
  }
  return value;
}

export function createTwilioClient(
  ctx: ConnectorContext,
  connection: Pick<ConnectionHandle, "secrets" | "settings">,
): TwilioClient {
  const accountSid = required(connection.settings, "accountSid", "setting");
  const authToken = required(connection.secrets, "authToken", "secret");
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const version = ctx.config.apiVersion ?? DEFAULT_VERSION;
  const accountPath = `/${version}/Accounts/${encodeURIComponent(accountSid)}`;

  const call = (request: ProviderRequest) =>
    ctx.http({
      ...request,
      headers: { authorization, accept: "application/json", ...request.headers },
    });
  const messagePage = (body: unknown) => parsePage(body, "messages", parseMessage);
  const fetchMessageResponse = (sid: string) =>
    call({
      method: "GET",
      path: `${accountPath}/Messages/${encodeURIComponent(sid)}.json`,
      idempotent: true,
    });

  return {
    accountSid,

    async fetchAccount() {
      const response = await call({ method: "GET", path: `${accountPath}.json`, idempotent: true });
      return read(response, parseAccount, "account");
    },

    async findIncomingPhoneNumber(phoneNumber) {
      const response = await call({
        method: "GET",
        path: `${accountPath}/IncomingPhoneNumbers.json`,
        query: { PhoneNumber: phoneNumber, PageSize: 20 },
        idempotent: true,
      });
      const page = read(
        response,
        body => parsePage(body, "incoming_phone_numbers", parsePhoneNumber),
        "phone number list",
      );
      // The PhoneNumber filter may match partially; only the exact number counts.
      return page.items.find(number => number.phoneNumber === phoneNumber);
    },

    async updateIncomingPhoneNumber(sid, update) {
      const response = await call({
        method: "POST",
        path: `${accountPath}/IncomingPhoneNumbers/${encodeURIComponent(sid)}.json`,
        body: new URLSearchParams({ SmsUrl: update.smsUrl, SmsMethod: update.smsMethod }),
        // Setting the same URL twice leaves the same state: safe to repeat.
        idempotent: true,
      });
      return read(response, parsePhoneNumber, "phone number");
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
                return found ? fetchMessageResponse(found.sid) : undefined;
              },
            }
          : {}),
      });
      const message = parseMessage(response.body);
      if (!message) {
        throw new ConnectorError(
          "UNKNOWN_OUTCOME",
          `${PROVIDER} accepted the message but its answer could not be read`,
          { provider: PROVIDER },
        );
      }
      return message;
    },

    async listMessages(filter) {
      const response = await call({
        method: "GET",
        path: `${accountPath}/Messages.json`,
        query: {
          To: filter.to,
          From: filter.from,
          "DateSent>": filter.dateSentAfter,
          PageSize: filter.pageSize,
        },
        idempotent: true,
      });
      return read(response, messagePage, "message list");
    },

    async nextMessages(nextPageUri) {
      if (!nextPageUri.startsWith(`${accountPath}/Messages.json`)) {
        throw unreadable("next page link");
      }
      const response = await call({ method: "GET", path: nextPageUri, idempotent: true });
      return read(response, messagePage, "message list");
    },

    async fetchMessage(sid) {
      return read(await fetchMessageResponse(sid), parseMessage, "message");
    },
  };
}
