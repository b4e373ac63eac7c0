import type { DemoAccount } from "../../../../connectors/kit/contracts/index.js";
import { EXAMPLE_SHOP } from "./example-shop.catalog.js";

/**
 * The shop the Example Shop sandbox holds from its start, with a token that never expires: what
 * a demo workspace would connect to. The sandbox imports it (never the reverse).
 */
export const EXAMPLE_SHOP_DEMO_ACCOUNT: DemoAccount = {
  provider: EXAMPLE_SHOP.key,
  externalAccountId: "crosscast-demo.example-shop.test",
  displayName: "Crosscast demo shop",
  secrets: { accessToken: "eshop_demo_sandbox_only" },
  settings: { shopDomain: "crosscast-demo.example-shop.test" },
};
