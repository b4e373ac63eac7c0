import type { TwilioClient } from "./twilio.client.js";
import type { TwilioMessage } from "./twilio.schemas.js";

/**
 * Finds a message whose create call lost its answer: Twilio has no idempotency key for
 * Messages, but its list filters by To, From and `DateSent>` (on or after midnight GMT of a
 * date), newest first, with relative `next_page_uri` links. A match has the same body and was
 * created at or after the moment the send started (Twilio dates have whole seconds).
 *
 * Caveats: a body Twilio rewrites (trial-account prefix, SmartEncoded, link shortening) does not
 * match, and a queued message is assumed to carry `date_sent` as the spec's own create examples
 * show (unverified against the live API).
 */
export interface SentMessageCriteria {
  to: string;
  from: string;
  body: string;
  startedAt: Date;
}

export interface LookupOptions {
  pageSize?: number;
  /** Pages read before giving up; giving up is an unknown outcome, never a resend. */
  maxPages?: number;
}

export class LookupIncompleteError extends Error {
  constructor() {
    super("twilio: the message list was longer than the lookup reads");
    this.name = "LookupIncompleteError";
  }
}

/** YYYY-MM-DD of a date, in GMT. */
export function gmtDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * The message if Twilio has it, undefined if the complete list shows it was never created.
 * Throws when the list could not be read to its end (the HTTP core then reports UNKNOWN_OUTCOME).
 */
export async function findSentMessage(
  client: TwilioClient,
  criteria: SentMessageCriteria,
  options: LookupOptions = {},
): Promise<TwilioMessage | undefined> {
  const maxPages = options.maxPages ?? 10;
  const since = Math.floor(criteria.startedAt.getTime() / 1000) * 1000;
  const matches = (message: TwilioMessage) =>
    message.to === criteria.to &&
    message.from === criteria.from &&
    message.body === criteria.body &&
    !message.direction.startsWith("inbound") &&
    message.dateCreated !== undefined &&
    message.dateCreated.getTime() >= since;

  let page = await client.listMessages({
    to: criteria.to,
    from: criteria.from,
    dateSentAfter: gmtDay(criteria.startedAt),
    pageSize: options.pageSize ?? 50,
  });
  let found: TwilioMessage | undefined;
  for (let read = 1; ; read += 1) {
    // Newest first: the last match is the earliest message created since the send started.
    found = page.items.filter(matches).at(-1) ?? found;
    if (!page.nextPageUri) {
      return found;
    }
    if (read >= maxPages) {
      if (found) {
        return found;
      }
      throw new LookupIncompleteError();
    }
    page = await client.nextMessages(page.nextPageUri);
  }
}
