import {
  int,
  isRecord,
  num,
  parseJson,
  rec,
  records,
  str,
  type JsonRecord,
} from "../../kit/json.js";

/**
 * Readers for what every Meta Graph product sends: the Graph error object, the business use case
 * usage header, `{success:true}` answers and the webhook envelope. Built on kit/json.ts.
 * https://developers.facebook.com/docs/graph-api/guides/error-handling
 */

/** The Graph error object: `{error:{message, type, code, error_subcode, is_transient, fbtrace_id}}`. */
export interface GraphError {
  code: number;
  subcode?: number;
  type?: string;
  isTransient: boolean;
  fbtraceId?: string;
}

export function parseGraphError(body: unknown): GraphError | undefined {
  const error = isRecord(body) ? rec(body, "error") : undefined;
  // Graph sends codes as numbers; some relays (and old versions) send numeric strings.
  const code = error ? int(error, "code") : undefined;
  if (!error || code === undefined) {
    return undefined;
  }
  return {
    code,
    subcode: num(error, "error_subcode"),
    type: str(error, "type"),
    isTransient: error.is_transient === true,
    fbtraceId: str(error, "fbtrace_id"),
  };
}

/**
 * `X-Business-Use-Case-Usage`: `{"<object id>":[{type, call_count, …,
 * estimated_time_to_regain_access}]}`, the wait in minutes; the longest one announced.
 */
export function regainAccessMinutes(header: string | null): number | undefined {
  const parsed = header ? parseJson(header) : undefined;
  if (!isRecord(parsed)) {
    return undefined;
  }
  const minutes = Object.values(parsed)
    .flatMap(records)
    .map(usage => num(usage, "estimated_time_to_regain_access"))
    .filter((value): value is number => value !== undefined && value > 0);
  return minutes.length > 0 ? Math.max(...minutes) : undefined;
}

/** An edge write Graph confirms with `{success:true}` (subscriptions, deletions). */
export function parseGraphSuccess(body: unknown): true | undefined {
  return isRecord(body) && body.success === true ? true : undefined;
}

/** One change of a webhook: `entry[].changes[]` with the entry's object id. */
export interface MetaChange {
  entryId?: string;
  field: string;
  value: JsonRecord;
}

/**
 * The changes in a webhook body `{object, entry:[{id, changes:[{field, value}]}]}`, for the one
 * `object` the product subscribes to; anything else (another object, not JSON) has none.
 */
export function parseMetaChanges(rawBody: Buffer, object: string): MetaChange[] {
  const payload = parseJson(rawBody.toString("utf8"));
  if (!isRecord(payload) || payload.object !== object) {
    return [];
  }
  return records(payload.entry).flatMap(entry =>
    records(entry.changes).flatMap((change): MetaChange[] => {
      const field = str(change, "field");
      const value = rec(change, "value");
      const entryId = str(entry, "id");
      return field && value ? [{ field, value, ...(entryId ? { entryId } : {}) }] : [];
    }),
  );
}
