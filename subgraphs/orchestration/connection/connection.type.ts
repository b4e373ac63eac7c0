import { Directive, Field, ID, ObjectType } from "type-graphql";
import {
  CONNECTION_CATEGORIES,
  CONNECTION_STATUSES,
  type Connection,
} from "../../../orm/entities/connection.entity.js";
import { graphqlEnum } from "../../shared/enum.js";

export type ConnectionCategory = (typeof CONNECTION_CATEGORIES)[number];
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];
export const ConnectionCategory = graphqlEnum(CONNECTION_CATEGORIES, "ConnectionCategory");
export const ConnectionStatus = graphqlEnum(CONNECTION_STATUSES, "ConnectionStatus");

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
