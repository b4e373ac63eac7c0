import { isRecord, records, str } from "../kit/json.js";

/**
 * Parsers of the WhatsApp Cloud API's answers, on kit/json.ts: each returns a narrow typed
 * value or undefined, nothing is cast. Graph's error object and `{success:true}` are the Meta
 * family's (families/meta/meta.schemas.ts).
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/reference/whatsapp-business-phone-number
 */

/** `GET /{phone-number-id}?fields=display_phone_number,verified_name,quality_rating`. */
export interface PhoneNumberNode {
  id: string;
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating?: string;
}

export function parsePhoneNumberNode(body: unknown): PhoneNumberNode | undefined {
  if (!isRecord(body)) {
    return undefined;
  }
  const id = str(body, "id");
  const displayPhoneNumber = str(body, "display_phone_number");
  const verifiedName = str(body, "verified_name");
  if (!id || !displayPhoneNumber || verifiedName === undefined) {
    return undefined;
  }
  return { id, displayPhoneNumber, verifiedName, qualityRating: str(body, "quality_rating") };
}

/** `POST /{phone-number-id}/messages` → `{messaging_product, contacts:[…], messages:[{id}]}`. */
export interface SentMessage {
  id: string;
}

export function parseSentMessage(body: unknown): SentMessage | undefined {
  const [first] = isRecord(body) ? records(body.messages) : [];
  const id = first ? str(first, "id") : undefined;
  return id ? { id } : undefined;
}
