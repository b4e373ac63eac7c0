import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import {
  CONNECTION_CATEGORIES,
  CONNECTION_STATUSES,
  type Connection,
} from "../../../orm/entities/connection.entity.js";

export type ConnectionCategory = (typeof CONNECTION_CATEGORIES)[number];
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];
export const ConnectionCategory = Object.fromEntries(CONNECTION_CATEGORIES.map(v => [v, v]));
export const ConnectionStatus = Object.fromEntries(CONNECTION_STATUSES.map(v => [v, v]));
registerEnumType(ConnectionCategory, { name: "ConnectionCategory" });
registerEnumType(ConnectionStatus, { name: "ConnectionStatus" });

@Directive('@key(fields: "id")')
@ObjectType("Connection", {
  description: "A workspace's account on one provider. Secrets never appear here.",
})
export class ConnectionType {
  @Field(() => ID)
  id!: string;

  @Field({ description: "Provider key from the catalog, such as twilio or shopify." })
  provider!: string;

  @Field(() => ConnectionCategory)
  category!: ConnectionCategory;

  @Field()
  displayName!: string;

  @Field(() => ConnectionStatus)
  status!: ConnectionStatus;

  @Field()
  createdAt!: Date;
}

export function toConnectionType(entity: Connection): ConnectionType {
  return {
    id: entity.id,
    provider: entity.provider,
    category: entity.category,
    displayName: entity.displayName,
    status: entity.status,
    createdAt: entity.createdAt,
  };
}
