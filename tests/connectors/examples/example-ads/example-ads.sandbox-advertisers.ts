import { isRecord, strings, type JsonRecord } from "../../../../connectors/kit/json.js";
import type { SandboxReply, SandboxRequest } from "../../../../connectors/sandbox/sandbox.js";
import { denied, ok } from "./example-ads.sandbox-errors.js";
import type { SandboxContext, SandboxUser } from "./example-ads.sandbox-state.js";

/**
 * The user, the advertisers they reach, and what every list shares: `page`/`page_size` paging
 * and the `filtering` parameter.
 */
const PAGE_SIZE_MAX = 1000;

/** The advertiser a request names, if the user reaches it. */
export function advertiserOf({ state }: SandboxContext, user: SandboxUser, id: string | undefined) {
  return id && user.advertiserIds.includes(id) ? state.advertisers.get(id) : undefined;
}

export function paged<T>(request: SandboxRequest, items: T[], render: (item: T) => JsonRecord) {
  const page = Math.max(1, Number(request.query.get("page") ?? 1) || 1);
  const size = Math.min(
    PAGE_SIZE_MAX,
    Math.max(1, Number(request.query.get("page_size") ?? 10) || 10),
  );
  const slice = items.slice((page - 1) * size, page * size);
  return ok({
    list: slice.map(render),
    page_info: {
      page,
      page_size: size,
      total_number: items.length,
      total_page: Math.max(1, Math.ceil(items.length / size)),
    },
  });
}

function filtering(request: SandboxRequest): JsonRecord {
  try {
    const value: unknown = JSON.parse(request.query.get("filtering") ?? "{}");
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}

/** Whether `item` passes the list's `filtering` (`<key>_ids` and `external_ids`). */
function kept(
  filter: JsonRecord,
  item: { id: string; externalId?: string },
  idKey: string,
  parent?: [string, string],
) {
  const ids = strings(filter[idKey]);
  const external = strings(filter.external_ids);
  const parents = parent ? strings(filter[parent[0]]) : [];
  return (
    (ids.length === 0 || ids.includes(item.id)) &&
    (external.length === 0 || (!!item.externalId && external.includes(item.externalId))) &&
    (!parent || parents.length === 0 || parents.includes(parent[1]))
  );
}

/** `GET /<level>/get/`: one advertiser's objects at a level, filtered and paged. */
export const listed =
  <T extends { advertiserId: string; id: string; externalId?: string }>(
    ctx: SandboxContext,
    level: string,
    source: Map<string, T>,
    render: (item: T) => JsonRecord,
    parent?: (item: T) => [string, string],
  ) =>
  (user: SandboxUser, request: SandboxRequest): SandboxReply => {
    const advertiserId = request.query.get("advertiser_id") ?? "";
    if (!advertiserOf(ctx, user, advertiserId)) {
      return denied();
    }
    const filter = filtering(request);
    const items = [...source.values()].filter(
      item =>
        item.advertiserId === advertiserId && kept(filter, item, `${level}_ids`, parent?.(item)),
    );
    return paged(request, items, render);
  };

/** GET advertiser/get/: the advertisers the user reaches. */
export function listAdvertisers({ state }: SandboxContext, user: SandboxUser): SandboxReply {
  return ok({
    list: user.advertiserIds.flatMap(id => {
      const advertiser = state.advertisers.get(id);
      return advertiser
        ? [
            {
              advertiser_id: advertiser.id,
              advertiser_name: advertiser.name,
              currency: advertiser.currency,
              timezone: advertiser.timezone,
            },
          ]
        : [];
    }),
  });
}
