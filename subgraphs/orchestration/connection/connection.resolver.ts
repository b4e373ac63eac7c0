import { Arg, Args, ArgsType, Ctx, Field, ID, Mutation, Query, Resolver } from "type-graphql";
import { asGraphQLError, NotFoundError } from "../../shared/errors.js";
import { PageArgs, toPage } from "../../shared/pagination.js";
import { isUuid } from "../../shared/validation.js";
import type { OrchestrationContext } from "../loaders.js";
import {
  BeginConnectionInput,
  BeginConnectionPayload,
  CompleteConnectionInput,
  ConnectionTestResult,
  ConnectWithCredentialsInput,
} from "./connection.inputs.js";
import { ConnectionService } from "./connection.service.js";
import {
  ConnectionCategory,
  ConnectionStatus,
  ConnectionType,
  toConnectionType,
} from "./connection.type.js";
import { OAuthFlowService } from "./oauth-flow.service.js";

@ArgsType()
class ConnectionsArgs extends PageArgs {
  @Field(() => String, { nullable: true })
  provider?: string | null;

  @Field(() => ConnectionCategory, { nullable: true })
  category?: ConnectionCategory | null;

  @Field(() => ConnectionStatus, { nullable: true })
  status?: ConnectionStatus | null;
}

/** Provider failures reach the client as typed errors, never as raw provider bodies. */
async function typed<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw asGraphQLError(error);
  }
}

@Resolver(() => ConnectionType)
export class ConnectionResolver {
  private service(ctx: OrchestrationContext) {
    return new ConnectionService(ctx.em, ctx.viewer, ctx.runtime);
  }

  @Query(() => [ConnectionType], {
    description: "The workspace's provider connections, newest first.",
  })
  async connections(
    @Args() args: ConnectionsArgs,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<ConnectionType[]> {
    const rows = await this.service(ctx).list(args, toPage(args));
    return rows.map(toConnectionType);
  }

  @Query(() => ConnectionType, { nullable: true })
  async connection(@Arg("id", () => ID) id: string, @Ctx() ctx: OrchestrationContext) {
    const entity = await ctx.loaders.connectionById.load(id);
    return entity ? toConnectionType(entity) : null;
  }

  @Mutation(() => BeginConnectionPayload, {
    description: "Starts an OAuth connection: send the user to authorizeUrl.",
  })
  beginConnection(
    @Arg("input", () => BeginConnectionInput) input: BeginConnectionInput,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<BeginConnectionPayload> {
    return typed(new OAuthFlowService(ctx.em, ctx.runtime).begin(ctx.viewer, input));
  }

  @Mutation(() => ConnectionType, {
    description: "Completes an OAuth connection with the code the provider returned.",
  })
  async completeConnection(
    @Arg("input", () => CompleteConnectionInput) input: CompleteConnectionInput,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<ConnectionType> {
    const flow = new OAuthFlowService(ctx.em, ctx.runtime);
    return toConnectionType(
      await typed(flow.complete({ ...input, workspaceId: ctx.viewer.workspaceId })),
    );
  }

  @Mutation(() => ConnectionType, {
    description: "Connects an API-key or basic-auth account, verified by a live call.",
  })
  async connectWithCredentials(
    @Arg("input", () => ConnectWithCredentialsInput) input: ConnectWithCredentialsInput,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<ConnectionType> {
    return toConnectionType(await typed(this.service(ctx).connectWithCredentials(input)));
  }

  @Mutation(() => ConnectionTestResult, { description: "Checks a connection with a live call." })
  async testConnection(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<ConnectionTestResult> {
    if (!isUuid(id)) {
      throw new NotFoundError("Connection");
    }
    return typed(this.service(ctx).test(id.toLowerCase()));
  }

  @Mutation(() => ConnectionType, {
    description: "Stops using a connection and deletes its secrets.",
  })
  async disconnect(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: OrchestrationContext,
  ): Promise<ConnectionType> {
    if (!isUuid(id)) {
      throw new NotFoundError("Connection");
    }
    return toConnectionType(await this.service(ctx).disconnect(id.toLowerCase()));
  }
}
