import { Field, ID, InputType, ObjectType } from "type-graphql";
import { ConnectionStatus } from "./connection.type.js";

@InputType("BeginConnectionInput")
export class BeginConnectionInput {
  @Field({ description: "Provider key of an OAuth provider (slack, gmail, …)." })
  provider!: string;

  @Field(() => String, {
    nullable: true,
    description: "Where the provider sends the user back; default Crosscast's /oauth/callback.",
  })
  redirectUri?: string | null;

  @Field(() => [String], { nullable: true, description: "Scopes; default the catalog's." })
  scopes?: string[] | null;
}

@ObjectType("BeginConnectionPayload")
export class BeginConnectionPayload {
  @Field({ description: "Send the user here to consent." })
  authorizeUrl!: string;

  @Field({ description: "One-time state, bound to this workspace and the redirect URI." })
  state!: string;

  @Field()
  expiresAt!: Date;
}

@InputType("CompleteConnectionInput")
export class CompleteConnectionInput {
  @Field()
  state!: string;

  @Field()
  code!: string;

  @Field(() => String, {
    nullable: true,
    description: "If given, must be exactly the redirect URI the flow began with.",
  })
  redirectUri?: string | null;
}

@InputType("CredentialInput")
export class CredentialInput {
  @Field({ description: "A field name from Provider.credentialFields." })
  name!: string;

  @Field()
  value!: string;
}

@InputType("ConnectWithCredentialsInput")
export class ConnectWithCredentialsInput {
  @Field({
    description: "Provider key of an API-key or basic-auth provider (twilio, sendgrid, …).",
  })
  provider!: string;

  @Field(() => [CredentialInput])
  credentials!: CredentialInput[];

  @Field(() => String, { nullable: true })
  displayName?: string | null;
}

@ObjectType("ConnectionTestError")
export class ConnectionTestError {
  @Field({ description: "A connector taxonomy code (AUTH_REVOKED, RATE_LIMITED, …)." })
  code!: string;

  @Field()
  message!: string;
}

@ObjectType("ConnectionTestResult")
export class ConnectionTestResult {
  @Field(() => ID)
  connectionId!: string;

  @Field()
  ok!: boolean;

  @Field(() => ConnectionStatus)
  status!: ConnectionStatus;

  @Field()
  checkedAt!: Date;

  @Field(() => ConnectionTestError, { nullable: true })
  error!: ConnectionTestError | null;
}
