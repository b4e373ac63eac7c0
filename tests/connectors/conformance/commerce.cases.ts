import type {
  CommerceConnector,
  ConnectionHandle,
  DemoAccount,
  NewDiscount,
} from "../../../connectors/kit/contracts/index.js";
import type { Fault } from "../../../connectors/sandbox/sandbox.js";
import { EXAMPLE_SHOP } from "../examples/example-shop/example-shop.catalog.js";
import { exampleShopConnector } from "../examples/example-shop/example-shop.connector.js";
import { EXAMPLE_SHOP_DEMO_ACCOUNT } from "../examples/example-shop/example-shop.demo.js";
import {
  createExampleShopSandbox,
  type ExampleShopSandbox,
} from "../examples/example-shop/example-shop.sandbox.js";
import { signExampleShop } from "../examples/example-shop/example-shop.webhooks.js";
import type { BaselineCase } from "./support/conformance-baseline.js";
import type { ConnectableSandbox } from "./support/conformance-world.js";

/**
 * The shop platforms the conformance suite runs against (commerce.conformance.test.ts): one
 * case per platform, and this list is the registry. A new commerce connector gets its baseline
 * tests by adding its case here; what is particular to the platform's wire stays in the case as
 * data, and its quirks in its own test files. The list starts with the example shop that proves
 * the template (tests/connectors/examples/example-shop).
 */
export interface CommerceCase<
  S extends ConnectableSandbox = ConnectableSandbox,
> extends BaselineCase<CommerceConnector, S> {
  /** The account its sandbox holds from its start (`<p>.demo.ts`). */
  demo: DemoAccount;
  /** A discount the shop takes, carrying `marker`, with codes of its own. */
  discount(marker: string): NewDiscount;
  /** How many discounts the shop holds for Crosscast's marker. */
  discountsFor(sandbox: S, marker: string): number;
  /** The request that creates a discount, for injected faults. */
  createRoute: NonNullable<Fault["match"]>;
  /** Makes the shop send a webhook about a customer when a consent write alone sends none. */
  provokeWebhook?(sandbox: S, connection: ConnectionHandle, customerId: string): void;
}

const exampleShop: CommerceCase<ExampleShopSandbox> = {
  provider: EXAMPLE_SHOP.key,
  connector: exampleShopConnector,
  factory: createExampleShopSandbox,
  config: at => EXAMPLE_SHOP.config(at),
  demo: EXAMPLE_SHOP_DEMO_ACCOUNT,
  accessSecret: "accessToken",
  refreshes: true,
  discount: marker => ({
    marker,
    title: "Spring campaign",
    codes: [`SPRING-${marker}`.toUpperCase()],
    percentOff: 15,
    startsAt: new Date("2026-06-01T00:00:00Z"),
    endsAt: new Date("2026-06-30T00:00:00Z"),
  }),
  discountsFor: (sandbox, marker) => sandbox.discountsFor(marker),
  createRoute: { method: "POST", path: "/discounts.json" },
  signing: {
    headers: ["x-example-hmac-sha256"],
    forge: request => ({
      ...request,
      headers: {
        ...request.headers,
        "x-example-hmac-sha256": signExampleShop("not-the-app-secret", request.rawBody),
      },
    }),
  },
  // A 401 is a 401: the shop does not say whether a token expired or was revoked. The runtime
  // refreshes, and the refresh token being dead then says it was revoked.
  wire: { AUTH_REVOKED: "AUTH_EXPIRED" },
  revokedStatus: "REFRESH_FAILED",
};

export const COMMERCE_CASES: CommerceCase[] = [exampleShop];
