import type {
  BulkRun,
  CommerceConnector,
  CommerceRecord,
  CommerceResource,
} from "../../../../connectors/kit/contracts/index.js";
import { EXAMPLE_SHOP } from "./example-shop.catalog.js";
import { classifyExampleShop } from "./example-shop.classifier.js";
import { createExampleShopClient, type ExampleShopClient } from "./example-shop.client.js";
import {
  COLLECTION,
  commerceRecord,
  consentWord,
  discountBody,
  resourceOf,
  shopInfo,
} from "./example-shop.mapper.js";
import type { BulkJson, DiscountJson } from "./example-shop.schemas.js";
import { exampleShopWebhooks } from "./example-shop.webhooks.js";

/** How soon to ask about a bulk export again: exports of real shops take minutes. */
const BULK_CHECK_AFTER_MS = 5_000;

const created = (discount: DiscountJson) => ({
  providerDiscountId: discount.id,
  codes: discount.codes,
});

/** The discount whose title carries `marker`, searched by the shop. */
async function discountFor(client: ExampleShopClient, marker: string) {
  return (await client.discounts(marker)).find(discount => discount.title.endsWith(`[${marker}]`));
}

function bulkRun(client: ExampleShopClient, bulk: BulkJson): BulkRun {
  const resource = resourceOf(bulk.resource);
  if (bulk.status === "failed" || !resource) {
    return { state: "FAILED", reason: bulk.errorCode ?? `the shop exported ${bulk.resource}` };
  }
  if (bulk.status === "running" || !bulk.url) {
    return { state: "RUNNING", ref: bulk.id, retryAfterMs: BULK_CHECK_AFTER_MS };
  }
  const url = bulk.url;
  return {
    state: "DONE",
    ref: bulk.id,
    async *records(): AsyncIterable<CommerceRecord> {
      for await (const line of client.bulkLines(url)) {
        const record = commerceRecord(resource, line);
        if (record) {
          yield record;
        }
      }
    },
  };
}

/**
 * Example Shop: a shop's Admin API with expiring offline tokens, a first sync by bulk export
 * (running, then a JSONL file streamed line by line), incremental reads by `updated_at` with
 * cursors in the Link header, discounts found again by the marker in their title, and marketing
 * consent written back. Webhooks are signed with the app's client secret.
 */
export const exampleShopConnector: CommerceConnector = {
  provider: EXAMPLE_SHOP.key,
  category: "COMMERCE",
  classify: classifyExampleShop,
  webhooks: exampleShopWebhooks,

  async verify(ctx, connection) {
    const shop = await createExampleShopClient(ctx, connection).shop();
    return {
      externalAccountId: shop.domain,
      displayName: shop.name,
      settings: { shopDomain: shop.domain },
    };
  },

  async shop(ctx, connection) {
    return shopInfo(await createExampleShopClient(ctx, connection).shop());
  },

  async startBulkSync(ctx, connection, resource) {
    const client = createExampleShopClient(ctx, connection);
    const collection = COLLECTION[resource];
    const bulk = await client.startBulk(collection, async () => {
      const current = await client.currentBulk();
      return current?.resource === collection ? current : undefined;
    });
    return bulkRun(client, bulk);
  },

  async bulkSyncStatus(ctx, connection, ref) {
    const client = createExampleShopClient(ctx, connection);
    return bulkRun(client, await client.bulk(ref));
  },

  async changedSince(ctx, connection, resource: CommerceResource, since, cursor) {
    const page = await createExampleShopClient(ctx, connection).changed(
      COLLECTION[resource],
      since,
      cursor,
    );
    return {
      records: page.items.flatMap(item => commerceRecord(resource, item) ?? []),
      ...(page.next ? { cursor: page.next } : {}),
    };
  },

  async createDiscount(ctx, connection, discount) {
    const client = createExampleShopClient(ctx, connection);
    const body = discountBody(discount);
    return created(await client.createDiscount(body, () => discountFor(client, discount.marker)));
  },

  async findDiscount(ctx, connection, marker) {
    const found = await discountFor(createExampleShopClient(ctx, connection), marker);
    return found && created(found);
  },

  async writeConsent(ctx, connection, customerId, consent) {
    await createExampleShopClient(ctx, connection).updateConsent(
      customerId,
      consent.channel === "EMAIL" ? "email" : "sms",
      consentWord(consent.state),
    );
  },
};
