import type { GmailClient } from "./gmail.client.js";
import type { GmailMessageRef } from "./gmail.schemas.js";

/**
 * Finds a message whose send lost its answer: every message carries a Message-ID made from
 * Crosscast's id, and Gmail searches by it with the `rfc822msgid:` operator
 * (https://support.google.com/mail/answer/7190). Reads a few pages at most: one Message-ID
 * matches one message unless it was sent twice. Undefined means the search found nothing: the
 * message was never taken. Without read access (gmail.send alone) the search is refused, and the
 * HTTP core reports the send as UNKNOWN_OUTCOME.
 */
export async function findSentMessage(
  client: GmailClient,
  rfcMessageId: string,
  maxPages = 5,
): Promise<GmailMessageRef | undefined> {
  const q = `rfc822msgid:${rfcMessageId.replace(/^<|>$/g, "")}`;
  let pageToken: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const result = await client.listMessages({
      q,
      maxResults: 10,
      ...(pageToken ? { pageToken } : {}),
    });
    const [first] = result.messages;
    if (first) {
      return first;
    }
    pageToken = result.nextPageToken;
    if (!pageToken) {
      return undefined;
    }
  }
  return undefined;
}
