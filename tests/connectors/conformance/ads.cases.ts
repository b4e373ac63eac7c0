import type {
  AdAccount,
  AdObject,
  AdsConnector,
  ConnectionHandle,
  DemoAccount,
  NewAdCampaign,
} from "../../../connectors/kit/contracts/index.js";
import type { Fault } from "../../../connectors/sandbox/sandbox.js";
import { EXAMPLE_ADS } from "../examples/example-ads/example-ads.catalog.js";
import { exampleAdsConnector } from "../examples/example-ads/example-ads.connector.js";
import { EXAMPLE_ADS_DEMO_ACCOUNT } from "../examples/example-ads/example-ads.demo.js";
import {
  createExampleAdsSandbox,
  type ExampleAdsSandbox,
} from "../examples/example-ads/example-ads.sandbox.js";
import { signExampleAds } from "../examples/example-ads/example-ads.webhooks.js";
import type { BaselineCase } from "./support/conformance-baseline.js";
import type { ConnectableSandbox } from "./support/conformance-world.js";

/**
 * The ad platforms the conformance suite runs against (ads.conformance.test.ts): one case per
 * platform, and this list is the registry. A new ads connector gets its baseline tests by adding
 * its case here; what is particular to the platform's wire stays in the case as data, and its
 * quirks in its own test files. The list starts with the example platform that proves the
 * template (tests/connectors/examples/example-ads).
 */
export interface AdsCase<S extends ConnectableSandbox = ConnectableSandbox> extends BaselineCase<
  AdsConnector,
  S
> {
  /** The account its sandbox holds from its start (`<p>.demo.ts`). */
  demo: DemoAccount;
  /** A campaign the platform takes in `account` (its currency), carrying `marker`. */
  campaign(marker: string, account: AdAccount): NewAdCampaign;
  /** A campaign the platform itself refuses (a budget below its minimum, say). */
  refusedCampaign?(marker: string, account: AdAccount): NewAdCampaign;
  /** How many campaigns the platform holds for Crosscast's marker. */
  campaignsFor(sandbox: S, marker: string): number;
  /** The request that carries a create's first write, for injected faults. */
  createRoute: NonNullable<Fault["match"]>;
  /** A later write of the same create, where a create is more than one write. */
  laterCreateRoute?: NonNullable<Fault["match"]>;
  /** Makes the platform send a webhook about new objects when creating alone sends none. */
  provokeWebhook?(sandbox: S, connection: ConnectionHandle, created: AdObject[]): void;
}

/** A paused image campaign in the account's currency, carrying `marker`. */
function springCampaign(marker: string, account: AdAccount): NewAdCampaign {
  return {
    marker,
    name: `Spring sale ${marker}`,
    objective: "TRAFFIC",
    budget: { period: "DAILY", amountMicros: 50_000_000, currency: account.currency },
    startsAt: new Date("2026-06-01T00:00:00Z"),
    endsAt: new Date("2026-06-30T00:00:00Z"),
    targeting: {
      locations: ["US"],
      ageMin: 18,
      ageMax: 44,
      languages: ["en"],
      interests: ["1001"],
    },
    creative: {
      kind: "MEDIA",
      mediaUrl: "https://media.crosscast.test/m/spring.jpg",
      mediaKind: "IMAGE",
      headline: "Spring is here",
      body: "Everything 20% off",
      link: "https://shop.crosscast.test/spring",
    },
  };
}

const exampleAds: AdsCase<ExampleAdsSandbox> = {
  provider: EXAMPLE_ADS.key,
  connector: exampleAdsConnector,
  factory: createExampleAdsSandbox,
  config: at => EXAMPLE_ADS.config(at),
  demo: EXAMPLE_ADS_DEMO_ACCOUNT,
  accessSecret: "accessToken",
  refreshes: true,
  campaign: springCampaign,
  refusedCampaign: (marker, account) => ({
    ...springCampaign(marker, account),
    budget: { period: "DAILY", amountMicros: 1_000_000, currency: account.currency },
  }),
  campaignsFor: (sandbox, marker) => sandbox.madeFor(marker).campaigns,
  createRoute: { method: "POST", path: "/campaign/create/" },
  laterCreateRoute: { method: "POST", path: "/adgroup/create/" },
  signing: {
    headers: ["x-example-signature"],
    forge: request => ({
      ...request,
      headers: {
        ...request.headers,
        "x-example-signature": signExampleAds("not-the-app-secret", request.rawBody),
      },
    }),
  },
};

export const ADS_CASES: AdsCase[] = [exampleAds];
