import { timingSafeEqual } from "node:crypto";

/**
 * What every webhook signature check needs. The schemes themselves are provider knowledge: each
 * lives in its provider's `<p>.webhooks.ts` (or its family's), which its sandbox signs with.
 */

/** Compares two secrets or signatures in constant time. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
