import { rec, records, str, type JsonRecord } from "../../../../connectors/kit/json.js";
import type { SandboxReply, SandboxRequest } from "../../../../connectors/sandbox/sandbox.js";
import { errors, reply } from "./example-shop.sandbox-errors.js";
import type { SandboxContext, SandboxShop } from "./example-shop.sandbox-state.js";

/** Discounts with unique codes: created with the shop's validation, and searched. */
const CODE = /^[A-Za-z0-9_-]{3,255}$/;

/** POST discounts.json */
export function createDiscount(
  { env, state }: SandboxContext,
  shop: SandboxShop,
  body: JsonRecord,
): SandboxReply {
  const discount = rec(body, "discount") ?? {};
  const title = str(discount, "title") ?? "";
  const codes = records(discount.codes).map(code => str(code, "code") ?? "");
  const valueType = str(discount, "value_type") ?? "";
  const value = Number(str(discount, "value"));
  if (!title || codes.length === 0 || codes.some(code => !CODE.test(code))) {
    return errors(422, { title: ["can't be blank"], code: ["3 to 255 letters, digits, - or _"] });
  }
  if (
    !["percentage", "fixed_amount"].includes(valueType) ||
    !(value < 0) ||
    (valueType === "percentage" && value < -100)
  ) {
    return errors(422, { value: ["must be negative (at most -100 for a percentage)"] });
  }
  const taken = new Set(
    [...shop.discounts.values()].flatMap(held =>
      records(held.codes).map(code => str(code, "code")),
    ),
  );
  if (codes.some(code => taken.has(code))) {
    return errors(422, { code: ["has already been taken"] });
  }
  const made = {
    id: state.id(),
    title,
    value_type: valueType,
    value: value.toFixed(2),
    codes: codes.map(code => ({ code })),
    starts_at: str(discount, "starts_at") ?? env.now().toISOString(),
    ...(str(discount, "ends_at") ? { ends_at: str(discount, "ends_at") } : {}),
    created_at: env.now().toISOString(),
  };
  shop.discounts.set(made.id, made);
  return reply(201, { discount: made });
}

/** GET discounts.json?query= */
export function searchDiscounts(shop: SandboxShop, request: SandboxRequest): SandboxReply {
  const query = (request.query.get("query") ?? "").toLowerCase();
  const found = [...shop.discounts.values()].filter(discount =>
    JSON.stringify([discount.title, discount.codes]).toLowerCase().includes(query),
  );
  return reply(200, { discounts: found });
}
