import type { DemoAccount } from "../../../../connectors/kit/contracts/index.js";
import { EXAMPLE_SOCIAL } from "./example-social.catalog.js";

/**
 * The account the Example Social sandbox holds from its start, with a token that never expires:
 * what a demo workspace would connect to, and the stand-in for a connection during a dry run.
 * The sandbox imports it (never the reverse), so production code never loads a sandbox.
 */
export const EXAMPLE_SOCIAL_DEMO_ACCOUNT: DemoAccount = {
  provider: EXAMPLE_SOCIAL.key,
  externalAccountId: "acct_demo",
  displayName: "@crosscast_demo",
  secrets: { accessToken: "esoc_at_demo_sandbox_only" },
  settings: { accountId: "acct_demo", handle: "crosscast_demo" },
};
