import type { BaseConnector, ConnectionHandle, ConnectorContext } from "./connector.js";

/**
 * The social contract: publish a post to one account of a network, follow an asynchronous
 * publish to its end, delete it, read its metrics and the account's profile. Designed against
 * the networks' real flows: Instagram's container → status → `media_publish`, TikTok's
 * `creator_info` → init → upload → `status/fetch`, YouTube's resumable `videos.insert`, X and
 * LinkedIn and Reddit's one-call posts, Facebook Pages' feed and native scheduling.
 */

export type MediaKind = "IMAGE" | "VIDEO";

/** How a network takes media: a URL it pulls, one upload call, or a chunked/resumable upload. */
export type UploadDialect = "PULL_FROM_URL" | "SINGLE" | "CHUNKED" | "RESUMABLE";

/** What one network accepts, checked before anything is published (BAD_USER_INPUT naming it). */
export interface SocialCapabilities {
  /** Longest text (caption, tweet, commentary) in characters. */
  maxTextLength: number;
  /** Whether a post may be text only (false: Instagram, TikTok and YouTube need media). */
  textOnly: boolean;
  media: Array<{
    kind: MediaKind;
    mimeTypes: readonly string[];
    maxBytes: number;
    /** Longest video, in seconds. */
    maxDurationSeconds?: number;
  }>;
  /** Most media items in one post (a carousel, a gallery). */
  maxMediaPerPost: number;
  upload: UploadDialect;
  /** The network schedules natively (Facebook `scheduled_publish_time`), else the engine does. */
  nativeScheduling: boolean;
}

/** A media item as the connector reads it: streamed from Crosscast's media store. */
export interface MediaSource {
  mediaId: string;
  kind: MediaKind;
  mimeType: string;
  bytes: number;
  durationSeconds?: number;
  /** An expiring signed URL for networks that pull (Instagram, Facebook, TikTok PULL_FROM_URL). */
  url: string;
  /** Reads `length` bytes from `offset`, for chunked and resumable uploads; never the whole file. */
  read(offset: number, length: number): AsyncIterable<Uint8Array>;
}

export interface OutboundPost {
  /** Crosscast's post id: carried where the network keeps a marker, to find a lost publish. */
  postId: string;
  text?: string;
  link?: string;
  media: MediaSource[];
  /** Per-network options, validated by the connector (YouTube title and privacy, Reddit subreddit). */
  options: Record<string, string>;
  /** For networks that schedule natively. */
  scheduledAt?: Date;
}

/** Where a publish stands on the network. */
export type PublishState =
  | { state: "PUBLISHED"; providerPostId: string; permalink?: string; publishedAt?: Date }
  /** Accepted, still processing (a container, a video): ask again with `ref` after `retryAfterMs`. */
  | { state: "PROCESSING"; ref: string; retryAfterMs: number }
  | { state: "FAILED"; reason: string; providerCode?: string };

/** A resumable upload's progress, kept by the engine so a crash resumes instead of restarting. */
export interface UploadProgress {
  /** The network's session (a YouTube session URI, a TikTok publish id, an X media id). */
  session: string;
  /** Bytes the network holds. */
  offset: number;
}

export interface PostMetrics {
  providerPostId: string;
  /** Only what the network reports; absent is unknown, not zero. */
  impressions?: number;
  reach?: number;
  likes?: number;
  comments?: number;
  shares?: number;
  views?: number;
  clicks?: number;
}

export interface SocialProfile {
  externalAccountId: string;
  handle: string;
  displayName: string;
  followers?: number;
  avatarUrl?: string;
}

export interface SocialConnector extends BaseConnector<"SOCIAL"> {
  capabilities: SocialCapabilities;
  /**
   * Uploads one media item in the network's dialect, resuming from `progress` when given.
   * Networks that pull by URL need no upload (`capabilities.upload` = PULL_FROM_URL).
   */
  uploadMedia?(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    media: MediaSource,
    progress?: UploadProgress,
  ): Promise<{ providerMediaId: string }>;
  /**
   * Publishes, or starts publishing. A write whose outcome is unknown is looked up with `find`
   * (by the marker carried from `postId`, or the account's recent posts); never published twice.
   */
  publish(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    post: OutboundPost,
  ): Promise<PublishState>;
  /** Follows a PROCESSING publish (`ref` from `publish`), finishing it when the network needs a last call. */
  publishStatus(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    ref: string,
  ): Promise<PublishState>;
  /** Finds a post this connection published for `postId`, when a publish's answer was lost. */
  find?(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    lookup: { postId: string; since: Date },
  ): Promise<PublishState | undefined>;
  /** Deletes a post; one already gone (deleted on the network, or by a retry) is no error. */
  deletePost(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    providerPostId: string,
  ): Promise<void>;
  metrics(
    ctx: ConnectorContext,
    connection: ConnectionHandle,
    providerPostIds: readonly string[],
  ): Promise<PostMetrics[]>;
  profile(ctx: ConnectorContext, connection: ConnectionHandle): Promise<SocialProfile>;
}
