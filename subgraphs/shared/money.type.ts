import { Directive, Field, InputType, ObjectType } from "type-graphql";
import { SafeIntResolver } from "graphql-scalars";

/** An amount of money: integer micros (1 unit = 1,000,000 micros) and an ISO 4217 currency. */
@Directive("@shareable")
@ObjectType("Money")
export class MoneyType {
  @Field(() => SafeIntResolver, { description: "Amount in micros of the currency unit." })
  amountMicros!: number;

  @Field({ description: "ISO 4217 currency code, such as USD." })
  currency!: string;
}

@InputType("MoneyInput")
export class MoneyInput {
  @Field(() => SafeIntResolver, { description: "Amount in micros; must not be negative." })
  amountMicros!: number;

  @Field({ description: "ISO 4217 currency code, such as USD." })
  currency!: string;
}

export function money(amountMicros: number, currency: string): MoneyType {
  return Object.assign(new MoneyType(), { amountMicros, currency });
}
