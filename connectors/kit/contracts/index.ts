// The category contracts: what every connector does, and what each category's connectors add.
import type { AdsConnector } from "./ads.js";
import type { CommerceConnector } from "./commerce.js";
import type { MessagingConnector } from "./messaging.js";
import type { SocialConnector } from "./social.js";

export type * from "./ads.js";
export type * from "./commerce.js";
export type * from "./connection.js";
export * from "./connector.js";
export type * from "./social.js";
export type * from "./webhooks.js";
export * from "./messaging.js";

/** Any connector, told apart by its `category`. */
export type Connector = MessagingConnector | SocialConnector | AdsConnector | CommerceConnector;

export interface ConnectorsByCategory {
  MESSAGING: MessagingConnector;
  SOCIAL: SocialConnector;
  ADS: AdsConnector;
  COMMERCE: CommerceConnector;
}

export type ConnectorOf<C extends keyof ConnectorsByCategory> = ConnectorsByCategory[C];
