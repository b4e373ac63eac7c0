import type {
  ConnectionHandle,
  DemoAccount,
  MediaSource,
  OutboundPost,
  SocialConnector,
  WebhookRequest,
} from "../../../connectors/kit/contracts/index.js";
import type { Fault } from "../../../connectors/sandbox/sandbox.js";
import { EXAMPLE_SOCIAL } from "../examples/example-social/example-social.catalog.js";
import { exampleSocialConnector } from "../examples/example-social/example-social.connector.js";
import { EXAMPLE_SOCIAL_DEMO_ACCOUNT } from "../examples/example-social/example-social.demo.js";
import {
  createExampleSocialSandbox,
  type ExampleSocialSandbox,
} from "../examples/example-social/example-social.sandbox.js";
import { signExampleSocial } from "../examples/example-social/example-social.webhooks.js";
import type { BaselineCase } from "./support/conformance-baseline.js";
import type { ConnectableSandbox } from "./support/conformance-world.js";

/**
 * The social networks the conformance suite runs against (social.conformance.test.ts): one case
 * per network, and this list is the registry. A new social connector gets its baseline tests by
 * adding its case here; what is particular to the network's wire stays in the case as data, and
 * its quirks in its own test files. The list starts with the example network that proves the
 * template (tests/connectors/examples/example-social).
 */
export interface SocialCase<S extends ConnectableSandbox = ConnectableSandbox> extends BaselineCase<
  SocialConnector,
  S
> {
  /** The account its sandbox holds from its start (`<p>.demo.ts`). */
  demo: DemoAccount;
  /** A post the network takes (with the media it needs), carrying Crosscast's `postId`. */
  post(postId: string): OutboundPost;
  /** A post the network accepts and then fails while processing; absent where none can. */
  failingPost?(postId: string): OutboundPost;
  /** How many posts (or publishes) the network holds for Crosscast's post id. */
  publishesFor(sandbox: S, postId: string): number;
  /** The request that carries a publish's first write, for injected faults. */
  publishRoute: NonNullable<Fault["match"]>;
  /** "ASYNC": `publish` answers PROCESSING and `publishStatus` ends it; "AT_ONCE": PUBLISHED. */
  publishes: "ASYNC" | "AT_ONCE";
  /**
   * Makes the network send a webhook about a published post when publishing alone sends none
   * (a comment on it, say).
   */
  provokeWebhook?(sandbox: S, connection: ConnectionHandle, providerPostId: string): void;
}

let media = 0;

/** An image in Crosscast's media store, as a connector sees it (networks that pull use the URL). */
export function image(url = `https://media.crosscast.test/m/${(media += 1)}.jpg`): MediaSource {
  return {
    mediaId: `media-${media}`,
    kind: "IMAGE",
    mimeType: "image/jpeg",
    bytes: 4,
    url,
    async *read(offset, length) {
      yield new Uint8Array([0xff, 0xd8, 0xff, 0xd9]).subarray(offset, offset + length);
    },
  };
}

/** Example Social signs `t=<seconds>,v1=<hex>` over "<t>.<body>" and refuses deliveries 5 minutes off. */
function resignSocial(request: WebhookRequest, secret: string, at: number): WebhookRequest {
  return {
    ...request,
    headers: {
      ...request.headers,
      "example-signature": signExampleSocial(secret, at, request.rawBody),
    },
  };
}

const exampleSocial: SocialCase<ExampleSocialSandbox> = {
  provider: EXAMPLE_SOCIAL.key,
  connector: exampleSocialConnector,
  factory: createExampleSocialSandbox,
  config: at => EXAMPLE_SOCIAL.config(at),
  demo: EXAMPLE_SOCIAL_DEMO_ACCOUNT,
  accessSecret: "accessToken",
  refreshes: true,
  post: postId => ({ postId, text: "Spring is here", media: [image()], options: {} }),
  failingPost: postId => ({
    postId,
    text: "This image cannot be fetched",
    media: [image("https://unreachable.crosscast.test/m/gone.jpg")],
    options: {},
  }),
  publishesFor: (sandbox, postId) => sandbox.publishesFor(postId),
  publishRoute: { method: "POST", path: /\/posts$/ },
  publishes: "ASYNC",
  signing: {
    headers: ["example-signature"],
    forge: request => resignSocial(request, "not-the-app-secret", Math.floor(Date.now() / 1000)),
    stale: (request, keys) =>
      resignSocial(request, keys.config.webhookSecret ?? "", Math.floor(Date.now() / 1000) - 3600),
  },
};

export const SOCIAL_CASES: SocialCase[] = [exampleSocial];
