import { randomBytes } from "node:crypto";
import { createGraphTokens } from "../families/meta/meta.sandbox-tokens.js";

/**
 * The WhatsApp sandbox's in-memory world, one per sandbox instance: WhatsApp Business Accounts
 * (WABAs), their business phone numbers, system-user tokens (the family's Graph token state; a
 * token's principal is its WABA, its scopes its permissions), approved templates, the users who
 * stopped marketing messages, and the log of accepted messages.
 */
export type Permission = "whatsapp_business_messaging" | "whatsapp_business_management";
export const ALL_PERMISSIONS: readonly Permission[] = [
  "whatsapp_business_messaging",
  "whatsapp_business_management",
];

export interface WabaRecord {
  id: string;
  /** Our app is subscribed to its webhooks (POST /{waba-id}/subscribed_apps). */
  subscribed: boolean;
  /** WhatsApp ids that stopped marketing messages from this business. */
  stoppedMarketing: Set<string>;
}

export interface PhoneNumberRecord {
  id: string;
  wabaId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating: "GREEN" | "YELLOW" | "RED";
}

export interface SandboxTemplate {
  name: string;
  language: string;
  category: "MARKETING" | "UTILITY" | "AUTHENTICATION";
  /** Body text with positional placeholders {{1}}, {{2}}… */
  body: string;
}

/** One message the sandbox accepted (answered 200 with a wamid). */
export interface AcceptedMessage {
  id: string;
  phoneNumberId: string;
  to: string;
  type: "text" | "template";
  /** The text the user sees (a template's body with its parameters filled in). */
  text: string;
  template?: { name: string; language: string; category: SandboxTemplate["category"] };
  bizOpaqueCallbackData?: string;
  acceptedAt: Date;
}

/** A WABA with one business phone number, and the token that connects it. */
export interface WhatsappSandboxAccount {
  accessToken: string;
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
  verifiedName: string;
}

export const BUILT_IN_TEMPLATES: readonly SandboxTemplate[] = [
  {
    name: "hello_world",
    language: "en_US",
    category: "UTILITY",
    body: "Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta.",
  },
  {
    name: "order_update",
    language: "en_US",
    category: "UTILITY",
    body: "Your order {{1}} is on its way.",
  },
  {
    name: "spring_sale",
    language: "en_US",
    category: "MARKETING",
    body: "Spring sale: {{1}} off everything this week.",
  },
];

export function placeholderCount(body: string): number {
  return new Set(body.match(/\{\{\d+\}\}/g) ?? []).size;
}

/** `wamid.` + base64, the shape of Cloud API message ids. */
export function newWamid(): string {
  return `wamid.${randomBytes(24).toString("base64")}`;
}

export function createSandboxState(now: () => Date) {
  const wabas = new Map<string, WabaRecord>();
  const phoneNumbers = new Map<string, PhoneNumberRecord>();
  const tokens = createGraphTokens(now);
  const templates: SandboxTemplate[] = [...BUILT_IN_TEMPLATES];
  const accepted: AcceptedMessage[] = [];
  let counter = 0;

  return {
    wabas,
    phoneNumbers,
    tokens,
    templates,
    accepted,
    /** A 15-digit Graph id, unique in this sandbox. */
    nextId(prefix: "1" | "2"): string {
      counter += 1;
      return `${prefix}09${String(counter).padStart(12, "0")}`;
    },
    nextDisplayNumber(): string {
      return `+1 555-020-${String(counter % 10_000).padStart(4, "0")}`;
    },
    /** Adds the WABA and its number; returns the token (`accessToken` if given, else a new one). */
    addAccount(
      account: Omit<WhatsappSandboxAccount, "accessToken"> & { accessToken?: string },
      options: { permissions: readonly Permission[]; subscribed: boolean },
    ): string {
      const { wabaId, phoneNumberId: id, displayPhoneNumber, verifiedName } = account;
      wabas.set(wabaId, {
        id: wabaId,
        subscribed: options.subscribed,
        stoppedMarketing: new Set(),
      });
      phoneNumbers.set(id, {
        id,
        wabaId,
        displayPhoneNumber,
        verifiedName,
        qualityRating: "GREEN",
      });
      if (account.accessToken) {
        tokens.register(account.accessToken, wabaId, options.permissions);
        return account.accessToken;
      }
      return tokens.issue(wabaId, options.permissions);
    },
    phoneFor(id: string): PhoneNumberRecord {
      const phone = phoneNumbers.get(id);
      if (!phone) {
        throw new Error(`no sandbox phone number ${id}`);
      }
      return phone;
    },
    findTemplate(name: string, language: string): SandboxTemplate | undefined {
      return templates.find(t => t.name === name && t.language === language);
    },
  };
}

export type SandboxState = ReturnType<typeof createSandboxState>;
