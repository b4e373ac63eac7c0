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

@ObjectType("ConnectionSetting", { description: "A non-secret setting of a connection." })
export class ConnectionSettingType {
  @Field()
  key!: string;

  @Field()
  value!: string;
}

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

  @Field(() => String, {
    nullable: true,
    description: "Why the connection is not ACTIVE (a failed refresh, a revocation).",
  })
  statusReason!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The provider's id for the account (AccountSid, team id, address).",
  })
  externalAccountId!: string | null;

  @Field(() => [String])
  scopes!: string[];

  @Field(() => [ConnectionSettingType])
  settings!: ConnectionSettingType[];

  @Field(() => Date, { nullable: true, description: "When the current access token expires." })
  tokenExpiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastVerifiedAt!: Date | null;

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
    statusReason: entity.statusReason ?? null,
    externalAccountId: entity.externalAccountId ?? null,
    scopes: entity.scopes ?? [],
    settings: Object.entries(entity.settings ?? {}).map(([key, value]) => ({ key, value })),
    tokenExpiresAt: entity.tokenExpiresAt ?? null,
    lastVerifiedAt: entity.lastVerifiedAt ?? null,
    createdAt: entity.createdAt,
  };
}
