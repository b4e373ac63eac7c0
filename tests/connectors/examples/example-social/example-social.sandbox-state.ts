import { randomBytes } from "node:crypto";
import { unitHash } from "../../../../connectors/sandbox/delivery-model.js";
import type { SandboxEnvironment } from "../../../../connectors/sandbox/sandbox.js";
import type { TokenStore } from "../../../../connectors/sandbox/token-store.js";

/** What the fake Example Social holds: accounts, their publishes and the posts they made. */
export interface SandboxAccount {
  id: string;
  handle: string;
  name: string;
  followers: number;
}

export interface SandboxPublish {
  id: string;
  accountId: string;
  clientRef: string;
  text?: string;
  media: Array<{ url: string; type: string }>;
  acceptedAt: Date;
  /** When processing ends: the publish is PUBLISHED (or FAILED) from then on. */
  readyAt: Date;
  /** Set when a media URL cannot be fetched: the publish ends FAILED. */
  failure?: { code: string; message: string };
  postId: string;
}

export interface SandboxPost {
  id: string;
  accountId: string;
  publishId: string;
  deleted: boolean;
}

export const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString("hex")}`;

export class ExampleSocialState {
  readonly accounts = new Map<string, SandboxAccount>();
  readonly publishes = new Map<string, SandboxPublish>();
  readonly posts = new Map<string, SandboxPost>();

  constructor(private readonly now: () => Date) {}

  addAccount(account: SandboxAccount): SandboxAccount {
    this.accounts.set(account.id, account);
    return account;
  }

  status(publish: SandboxPublish): "PROCESSING" | "PUBLISHED" | "FAILED" {
    if (this.now() < publish.readyAt) {
      return "PROCESSING";
    }
    return publish.failure ? "FAILED" : "PUBLISHED";
  }

  permalink(publish: SandboxPublish, baseUrl: string): string {
    const handle = this.accounts.get(publish.accountId)?.handle ?? "unknown";
    return `${baseUrl}/@${handle}/${publish.postId}`;
  }

  /** A publish as `GET /v1/publishes/:id` shows it; the post exists once processing ended. */
  publishJson(publish: SandboxPublish, baseUrl: string, status = this.status(publish)) {
    return {
      publish_id: publish.id,
      client_ref: publish.clientRef,
      status,
      ...(status === "PROCESSING" ? { check_after_ms: 1_000 } : {}),
      ...(status === "PUBLISHED"
        ? {
            post_id: publish.postId,
            permalink: this.permalink(publish, baseUrl),
            published_at: publish.readyAt.toISOString(),
          }
        : {}),
      ...(status === "FAILED" ? { failure: publish.failure } : {}),
    };
  }

  /** Posts exist once their publish is PUBLISHED (whether or not anyone asked). */
  post(postId: string): SandboxPost | undefined {
    for (const publish of this.publishes.values()) {
      if (publish.postId === postId && this.status(publish) === "PUBLISHED") {
        const post = this.posts.get(postId) ?? {
          id: postId,
          accountId: publish.accountId,
          publishId: publish.id,
          deleted: false,
        };
        this.posts.set(postId, post);
        return post.deleted ? undefined : post;
      }
    }
    return undefined;
  }

  /** Deterministic counters that grow with the post's age in minutes. */
  metrics(post: SandboxPost) {
    const minutes = Math.max(1, Math.floor((this.now().getTime() - this.createdAt(post)) / 60_000));
    const impressions = Math.round(100 + unitHash(`imp:${post.id}`) * 900) * minutes;
    return {
      post_id: post.id,
      impressions,
      likes: Math.round(impressions * 0.05),
      replies: Math.round(impressions * 0.004),
      reposts: Math.round(impressions * 0.01),
    };
  }

  private createdAt(post: SandboxPost): number {
    return this.publishes.get(post.publishId)?.readyAt.getTime() ?? this.now().getTime();
  }
}

/** What the sandbox's handlers share: its environment, what it holds and its token stores. */
export interface SandboxContext {
  env: SandboxEnvironment;
  state: ExampleSocialState;
  accessTokens: TokenStore;
  refreshTokens: TokenStore;
}
