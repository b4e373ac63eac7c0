// The explicit connector registry: provider key → connector. A provider without an entry is in
// the catalog but cannot be connected or called yet.
import type { Connector } from "./kit/contracts/index.js";
import type { ProviderKey } from "./kit/catalog.js";
import { gmailConnector } from "./gmail/gmail.connector.js";
import { sendgridConnector } from "./sendgrid/sendgrid.connector.js";
import { slackConnector } from "./slack/slack.connector.js";
import { twilioConnector } from "./twilio/twilio.connector.js";
import { whatsappConnector } from "./whatsapp/whatsapp.connector.js";

export const CONNECTORS: Partial<Record<ProviderKey, Connector>> = {
  twilio: twilioConnector,
  whatsapp: whatsappConnector,
  slack: slackConnector,
  gmail: gmailConnector,
  sendgrid: sendgridConnector,
};
