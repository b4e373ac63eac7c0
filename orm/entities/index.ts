// The explicit entity registry: every table Crosscast owns, no discovery globs.
import { AdCampaign } from "./ad-campaign.entity.js";
import { Agent } from "./agent.entity.js";
import { Campaign } from "./campaign.entity.js";
import { Connection } from "./connection.entity.js";
import { Execution } from "./execution.entity.js";
import { ExecutionEvent } from "./execution-event.entity.js";
import { ExecutionItem } from "./execution-item.entity.js";
import { ExecutionStep } from "./execution-step.entity.js";
import { Message } from "./message.entity.js";
import { OAuthState } from "./oauth-state.entity.js";
import { Order } from "./order.entity.js";
import { Post } from "./post.entity.js";
import { Suppression } from "./suppression.entity.js";
import { VaultKeyCheck } from "./vault-key-check.entity.js";
import { WebhookEvent } from "./webhook-event.entity.js";
import { Workspace } from "./workspace.entity.js";

export {
  AdCampaign,
  Agent,
  Campaign,
  Connection,
  Execution,
  ExecutionEvent,
  ExecutionItem,
  ExecutionStep,
  Message,
  OAuthState,
  Order,
  Post,
  Suppression,
  VaultKeyCheck,
  WebhookEvent,
  Workspace,
};

export const ENTITIES = [
  Workspace,
  Campaign,
  Agent,
  Execution,
  Connection,
  Message,
  Post,
  AdCampaign,
  Order,
  OAuthState,
  Suppression,
  WebhookEvent,
  VaultKeyCheck,
  ExecutionStep,
  ExecutionItem,
  ExecutionEvent,
] as const;
