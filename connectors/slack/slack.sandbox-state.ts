import type { JsonRecord } from "./slack.schemas.js";

/**
 * What a Slack sandbox holds: workspaces (teams) with the app's bot user, their channels and the
 * messages posted into them, the tokens issued per workspace, and a log of every accepted post.
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
  encoding: "json" | "form" | "query";
  tokenIn: "header" | "body";
}

export interface ChannelInput {
  id: string;
  name: string;
  member?: boolean;
  archived?: boolean;
}

export function channel(input: ChannelInput): SandboxChannel {
  return {
    id: input.id,
    name: input.name,
    member: input.member ?? true,
    archived: input.archived ?? false,
    messages: [],
  };
}

/** T0SANDBOX: #general and #marketing (the bot is in both), #random (it is not), #old-news (archived). */
export function demoWorkspace(): SandboxWorkspace {
  return {
    id: "T0SANDBOX",
    name: "Crosscast Sandbox",
    domain: "crosscast-sandbox",
    botUserId: "U0SANDBOXBOT",
    botId: "B0SANDBOXBOT",
    channels: [
      channel({ id: "C0SANDBOX01", name: "general" }),
      channel({ id: "C0SANDBOX02", name: "marketing" }),
      channel({ id: "C0SANDBOX03", name: "random", member: false }),
      channel({ id: "C0SANDBOX04", name: "old-news", archived: true }),
    ],
  };
}

export class SlackSandboxState {
  readonly workspaces = new Map<string, SandboxWorkspace>();
  readonly posted: AcceptedPost[] = [];
  /** Access tokens issued per workspace, so an uninstall can revoke them all. */
  readonly tokensByTeam = new Map<string, Set<string>>();
  /** Refresh token → the access token issued with it (to revoke a refresh token's family). */
  readonly accessByRefresh = new Map<string, string>();
  /** Codes handed out at consent: what the exchange must match (Slack names each mismatch). */
  readonly codes = new Map<string, { redirectUri: string; challenge?: string; used: boolean }>();
  /** `chat.postMessage` accepted per channel per second before HTTP 429. */
  postsPerSecond = 30;
  private readonly recentPosts = new Map<string, number[]>();
  private lastMicros = 0;

  constructor(private readonly now: () => Date) {}

  addWorkspace(workspace: SandboxWorkspace): SandboxWorkspace {
    this.workspaces.set(workspace.id, workspace);
    return workspace;
  }

  rememberToken(teamId: string, accessToken: string): void {
    const tokens = this.tokensByTeam.get(teamId) ?? new Set<string>();
    tokens.add(accessToken);
    this.tokensByTeam.set(teamId, tokens);
  }

  /** A channel by id, or by name with or without `#`. */
  findChannel(workspace: SandboxWorkspace, ref: string): SandboxChannel | undefined {
    const name = ref.replace(/^#/, "");
    return workspace.channels.find(c => c.id === ref || (ref.startsWith("#") && c.name === name));
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
    if (recent.length >= this.postsPerSecond) {
      this.recentPosts.set(channelId, recent);
      return false;
    }
    recent.push(now);
    this.recentPosts.set(channelId, recent);
    return true;
  }
}
