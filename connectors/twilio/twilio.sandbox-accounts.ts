import type { SandboxReply, SandboxRequest } from "../sandbox/sandbox.js";
import { ok } from "./twilio.sandbox-errors.js";
import { API_VERSION, type SandboxAccount, type SandboxContext } from "./twilio.sandbox-state.js";

/**
 * The Accounts resource of the sandbox, and what every resource under an account shares in
 * the 2010-04-01 API: RFC 2822 dates and list pages (PageSize, Page, PageToken, next_page_uri...).
 * Field names from connectors/specs/twilio_api_v2010.json.
 */

/** Twilio's date format: "Fri, 24 May 2019 17:44:46 +0000". */
export function twilioDate(date: Date | null | undefined): string | null {
  return date ? date.toUTCString().replace("GMT", "+0000") : null;
}

/** GET /2010-04-01/Accounts/{Sid}.json: answered whatever the account's status. */
export function fetchAccount(ctx: SandboxContext, account: SandboxAccount): SandboxReply {
  const uri = `/${API_VERSION}/Accounts/${account.sid}`;
  return ok({
    auth_token: ctx.state.authToken(account.sid),
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
  });
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
