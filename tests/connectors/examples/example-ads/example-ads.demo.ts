import type { DemoAccount } from "../../../../connectors/kit/contracts/index.js";
import { EXAMPLE_ADS } from "./example-ads.catalog.js";

/** The advertiser the demo user reaches in the Example Ads sandbox from its start. */
export const EXAMPLE_ADS_DEMO_ADVERTISER = {
  id: "7000000000001",
  name: "Crosscast demo advertiser",
  currency: "USD",
  timezone: "America/New_York",
};

/**
 * The user the Example Ads sandbox holds from its start, with a token that never expires: what
 * a demo workspace would connect to. The sandbox imports it (never the reverse).
 */
export const EXAMPLE_ADS_DEMO_ACCOUNT: DemoAccount = {
  provider: EXAMPLE_ADS.key,
  externalAccountId: "6900000000001",
  displayName: "Crosscast demo",
  secrets: { accessToken: "eads_demo_sandbox_only" },
  settings: {},
};
