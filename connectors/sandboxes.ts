// The explicit sandbox registry: provider key → wire-faithful fake, served by the sandbox host.
import type { SandboxFactory } from "./sandbox/sandbox-host.js";
import { createGmailSandbox } from "./gmail/gmail.sandbox.js";
import { createSendgridSandbox } from "./sendgrid/sendgrid.sandbox.js";
import { createSlackSandbox } from "./slack/slack.sandbox.js";
import { createTwilioSandbox } from "./twilio/twilio.sandbox.js";
import { createWhatsappSandbox } from "./whatsapp/whatsapp.sandbox.js";

export const SANDBOX_FACTORIES = {
  twilio: createTwilioSandbox,
  whatsapp: createWhatsappSandbox,
  slack: createSlackSandbox,
  gmail: createGmailSandbox,
  sendgrid: createSendgridSandbox,
} satisfies Record<string, SandboxFactory>;
