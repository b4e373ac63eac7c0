import { defineEntity, p, type InferEntity } from "@mikro-orm/core";
import { baseProperties } from "./base.properties.js";
import { MESSAGE_CHANNELS } from "./message.entity.js";
import { Workspace } from "./workspace.entity.js";

/**
 * A recipient who opted out of a channel in a workspace (an inbound STOP, a WhatsApp opt-out, an
 * email unsubscribe or spam report). Later sends to that address on that channel are refused.
 */
export const Suppression = defineEntity({
  name: "Suppression",
  uniques: [{ properties: ["workspace", "channel", "address"] }],
  properties: {
    ...baseProperties,
    workspace: () => p.manyToOne(Workspace).mapToPk(),
    channel: p.enum(MESSAGE_CHANNELS),
    /** Normalised: E.164 for phones, lower-case for email addresses. */
    address: p.string().length(320),
    reason: p.string().length(60),
    provider: p.string().length(40).nullable(),
  },
});
export type Suppression = InferEntity<typeof Suppression>;
