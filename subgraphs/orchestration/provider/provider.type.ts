import { Field, ObjectType } from "type-graphql";
import type { Connector } from "../../../connectors/kit/contracts/index.js";
import type { ProviderSpec } from "../../../connectors/kit/catalog.js";
import { graphqlEnum } from "../../shared/enum.js";
import { ConnectionCategory } from "../connection/connection.type.js";

export const AUTH_MODES = ["OAUTH2", "API_KEY", "BASIC"] as const;
export type AuthMode = (typeof AUTH_MODES)[number];
export const AuthMode = graphqlEnum(AUTH_MODES, "AuthMode");

@ObjectType("CredentialField", {
  description: "A field to ask for when connecting with credentials.",
})
export class CredentialFieldType {
  @Field()
  name!: string;

  @Field({ description: "Secret fields are sealed at rest and never returned." })
  secret!: boolean;

  @Field()
  required!: boolean;
}

@ObjectType("Provider", { description: "A provider from the catalog, and how to connect to it." })
export class ProviderType {
  @Field({ description: "Catalog key, such as twilio or gmail." })
  key!: string;

  @Field()
  name!: string;

  @Field(() => ConnectionCategory)
  category!: ConnectionCategory;

  @Field(() => AuthMode)
  authMode!: AuthMode;

  @Field(() => [String], { description: "OAuth scopes requested by default." })
  scopes!: string[];

  @Field({ description: "Whether Crosscast can connect to it and call it yet." })
  supported!: boolean;

  @Field(() => [CredentialFieldType], {
    description: "For API-key and basic-auth providers: the fields connectWithCredentials takes.",
  })
  credentialFields!: CredentialFieldType[];
}

export function toProviderType(spec: ProviderSpec, connector: Connector | undefined): ProviderType {
  const fields = connector?.credentialFields;
  const optional = new Set(fields?.optional ?? []);
  return {
    key: spec.key,
    name: spec.name,
    category: spec.category,
    authMode: spec.authMode,
    scopes: spec.oauth?.scopes ?? [],
    supported: !!connector,
    credentialFields: [
      ...(fields?.secrets ?? []).map(name => ({
        name,
        secret: true,
        required: !optional.has(name),
      })),
      ...(fields?.settings ?? []).map(name => ({
        name,
        secret: false,
        required: !optional.has(name),
      })),
      ...[...optional]
        .filter(name => !fields?.secrets.includes(name) && !fields?.settings.includes(name))
        .map(name => ({ name, secret: false, required: false })),
    ],
  };
}
