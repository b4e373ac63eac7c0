import type { JsonRecord } from "../kit/json.js";
import type { Grant, OAuthAuthority } from "../sandbox/oauth-authority.js";
import type { SandboxEnvironment, SandboxReply } from "../sandbox/sandbox.js";
import { SLACK_DEMO_WORKSPACE } from "./slack.demo.js";

/**
 * What a Slack sandbox holds: workspaces (teams) with the app's bot user, their channels and the
 * messages posted into them, the consent codes handed out, and a log of every accepted post. The
 * tokens live in the OAuth authority.
 */
export const SANDBOX_APP_ID = "A0CROSSCAST";

export interface SandboxChannel {
  id: string;
  name: string;
  /** The app's bot is a member (it may post and read history). */
  member: boolean;
  archived: boolean;
  /** Oldest first. */
  messages: JsonRecord[];
}

export interface SandboxWorkspace {
  id: string;
  name: string;
  /** `<domain>.slack.com` */
  domain: string;
  botUserId: string;
  botId: string;
  channels: SandboxChannel[];
}

/** One message the sandbox accepted through `chat.postMessage`. */
export interface AcceptedPost {
  teamId: string;
  channel: string;
  ts: string;
  text: string;
  /** `metadata` as posted (`{event_type, event_payload}`), when there was one. */
  metadata?: JsonRecord;
  /** How the request was encoded, and where its token was. */
  encoding: SlackCall["encoding"];
  tokenIn: "header" | "body";
}

/** A Web API call as Slack reads it (see `readCall` in slack.sandbox.ts). */
export interface SlackCall {
  method: string;
  encoding: "json" | "form" | "query";
  /** Every argument as text, from the query string and the body (the body's win). */
  args: URLSearchParams;
  token?: string;
  tokenIn?: "header" | "body";
  /** Warnings Slack adds to an answer (`missing_charset` for JSON without a charset). */
  warnings: string[];
  /** Slack's answer to a body it cannot read (then the call has no arguments and no token). */
  refusal?: SandboxReply;
}

/** A call whose token checked out: the grant and its workspace. */
export interface AuthorizedCall {
  call: SlackCall;
  grant: Grant;
  workspace: SandboxWorkspace;
}

export interface SlackSandboxDeps {
  env: SandboxEnvironment;
  state: SlackSandboxState;
  authority: OAuthAuthority;
}

export interface ChannelInput {
  id: string;
  name: string;
  member?: boolean;
  archived?: boolean;
}

/** The demo workspace's channels: #general and #marketing, #random (the bot is not in it), #old-news (archived). */
export function demoChannels(): ChannelInput[] {
  const { general, marketing } = SLACK_DEMO_WORKSPACE.channels;
  return [
    { id: general, name: "general" },
    { id: marketing, name: "marketing" },
    { id: "C0SANDBOX03", name: "random", member: false },
    { id: "C0SANDBOX04", name: "old-news", archived: true },
  ];
}

export class SlackSandboxState {
  readonly workspaces = new Map<string, SandboxWorkspace>();
  readonly posted: AcceptedPost[] = [];
  /** Codes handed out at consent: what the exchange must match (Slack names each mismatch). */
  readonly codes = new Map<string, { redirectUri: string; challenge?: string; used: boolean }>();
  /** `chat.postMessage` accepted per channel per second before HTTP 429. */
  postsPerSecond = 30;
  private readonly recentPosts = new Map<string, number[]>();
  private lastMicros = 0;

  constructor(private readonly now: () => Date) {}

  /** A workspace with the app installed: its bot user, and its channels (the bot a member). */
  addWorkspace(input: { id: string; name: string; channels?: ChannelInput[] }): SandboxWorkspace {
    const added: SandboxWorkspace = {
      id: input.id,
      name: input.name,
      domain: input.name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      botUserId: `U${input.id.slice(1)}BOT`,
      botId: `B${input.id.slice(1)}BOT`,
      channels: (input.channels ?? []).map(c => ({
        ...c,
        member: c.member ?? true,
        archived: c.archived ?? false,
        messages: [],
      })),
    };
    this.workspaces.set(added.id, added);
    return added;
  }

  /** A channel by id, or by name with `#`. */
  findChannel(team: SandboxWorkspace, ref: string): SandboxChannel | undefined {
    const name = ref.replace(/^#/, "");
    return team.channels.find(c => c.id === ref || (ref.startsWith("#") && c.name === name));
  }

  findChannelById(teamId: string, id: string): SandboxChannel | undefined {
    return this.workspaces.get(teamId)?.channels.find(c => c.id === id);
  }

  /** A strictly increasing Slack timestamp (`seconds.micros`). */
  nextTs(): string {
    const micros = Math.max(this.now().getTime() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
  }

  /** Counts a post against the channel's one-second window; false when over the limit. */
  admitPost(channelId: string): boolean {
    const now = this.now().getTime();
    const recent = (this.recentPosts.get(channelId) ?? []).filter(at => now - at < 1000);
    const admitted = recent.length < this.postsPerSecond;
    if (admitted) {
      recent.push(now);
    }
    this.recentPosts.set(channelId, recent);
    return admitted;
  }
}
