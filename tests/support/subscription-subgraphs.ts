// Two small federated subgraphs for the subscription mechanism: `ticker` owns the Tick entity and
// Subscription.ticks; `stamps` adds Tick.stamp and Tick.seenBy. Both are served by
// createSubgraphService, as Crosscast's subgraphs are, and composed with @apollo/composition.
import type { Server } from "node:http";
import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { parse, type GraphQLSchema } from "graphql";
import {
  Args,
  ArgsType,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  ID,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from "type-graphql";
import { createConnectorRuntime } from "../../app/connector-runtime.js";
import type { Orm } from "../../orm/config.js";
import type { CrosscastConfig, SubgraphName } from "../../platform/config.js";
import { createEventStream } from "../../platform/graphql-ws/event-streams.js";
import type { Logger } from "../../platform/logger.js";
import { buildFederatedSchema } from "../../subgraphs/shared/build-federated-schema.js";
import type { SubgraphContext } from "../../subgraphs/shared/context.js";
import { createSubgraphService } from "../../subgraphs/shared/create-subgraph-service.js";
import { ForbiddenError } from "../../subgraphs/shared/errors.js";

type TestContext = SubgraphContext<Record<string, never>>;

/** A secret no client may see; the masking tests look for it in what clients receive. */
export const INTERNAL_DETAIL = "db-internal:5432 password=hunter2";
/** `from` values that make `ticks` misbehave. */
export const FAIL = { resolve: -1, stream: -2, forbidden: -3 } as const;

/** The ticker's source streams: how many started, and how many are still open. */
export const tickerProbe = { started: 0, active: 0 };

@Directive('@key(fields: "id")')
@ObjectType("Tick")
class TickType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  n!: number;
}

const tick = (n: number): TickType => Object.assign(new TickType(), { id: `tick-${n}`, n });

@ArgsType()
class TicksArgs {
  @Field(() => Int)
  from!: number;

  @Field(() => Int)
  count!: number;
}

function tickStream({ from, count }: TicksArgs) {
  if (from === FAIL.forbidden) {
    throw new ForbiddenError("You may not watch these ticks");
  }
  return createEventStream<TickType>(sink => {
    tickerProbe.started += 1;
    tickerProbe.active += 1;
    let n = from;
    const timer = setInterval(() => {
      if (n >= from + count) {
        sink.end();
      } else if (from === FAIL.stream && n > from) {
        sink.fail(new Error(INTERNAL_DETAIL));
      } else {
        sink.push(tick(n++));
      }
    }, 5);
    return () => {
      clearInterval(timer);
      tickerProbe.active -= 1;
    };
  });
}

@Resolver(() => TickType)
class TickerResolver {
  @Query(() => TickType)
  firstTick(): TickType {
    return tick(0);
  }

  @Subscription(() => TickType, {
    subscribe: ({ args }: SubscribeResolverData<unknown, TicksArgs>) => tickStream(args),
  })
  ticks(@Root() event: TickType, @Args() _args: TicksArgs): TickType {
    if (event.n === FAIL.resolve) {
      throw new Error(INTERNAL_DETAIL);
    }
    return event;
  }

  @FieldResolver(() => String, { description: "The viewer's workspace, as the ticker sees it." })
  workspaceId(@Ctx() ctx: TestContext): string {
    return ctx.viewer.workspaceId;
  }

  @FieldResolver(() => TickType, { nullable: true })
  previous(@Root() current: TickType): TickType | null {
    return current.n > 0 ? tick(current.n - 1) : null;
  }
}

@Directive('@key(fields: "id")')
@ObjectType("Tick")
class TickRef {
  @Field(() => ID)
  id!: string;
}

@Resolver(() => TickRef)
class TickStampsResolver {
  @Query(() => String)
  stampsVersion(): string {
    return "1";
  }

  @FieldResolver(() => String)
  stamp(@Root() ref: TickRef): string {
    return `stamped:${ref.id}`;
  }

  @FieldResolver(() => String, { description: "The viewer's workspace, as stamps sees it." })
  seenBy(@Ctx() ctx: TestContext): string {
    return ctx.viewer.workspaceId;
  }
}

export interface TestSubgraph {
  name: string;
  schema: GraphQLSchema;
  server: Server;
  url: string;
  stop(): Promise<void>;
}

export interface SubscriptionSubgraphs {
  ticker: TestSubgraph;
  stamps: TestSubgraph;
  supergraphSdl: string;
  subgraphUrls: Record<string, string>;
  stop(): Promise<void>;
}

/** Builds, serves (ephemeral ports) and composes the two subgraphs. */
export async function startSubscriptionSubgraphs(options: {
  orm: Orm;
  config: CrosscastConfig;
  logger: Logger;
}): Promise<SubscriptionSubgraphs> {
  const { orm, config, logger } = options;
  const runtime = await createConnectorRuntime({
    config,
    orm,
    logger,
    publicUrl: () => config.publicUrl,
  });
  const deps = {
    orm,
    internalSecret: config.auth.internalSecret,
    logger,
    production: false,
    runtime,
  };
  const serve = async (name: string, schema: GraphQLSchema): Promise<TestSubgraph> => {
    // Served as every subgraph is; the name only labels the service's logs.
    const service = await createSubgraphService(name as SubgraphName, schema, () => ({}), deps);
    const port = await service.http.listen(0);
    return {
      name,
      schema,
      server: service.http.server,
      url: `http://127.0.0.1:${port}/graphql`,
      stop: () => service.stop(),
    };
  };
  const ticker = await serve(
    "ticker",
    await buildFederatedSchema({
      resolvers: [TickerResolver],
      references: {
        Tick: { __resolveReference: (ref: { id: string }) => tick(Number(ref.id.slice(5))) },
      },
    }),
  );
  const stamps = await serve(
    "stamps",
    await buildFederatedSchema({ resolvers: [TickStampsResolver], orphanedTypes: [TickRef] }),
  );
  const composed = composeServices(
    // Routing URLs nobody answers: the gateway must use the URLs it is given, as in production.
    [ticker, stamps].map(({ name, schema }) => ({
      name,
      url: `http://${name}.invalid/graphql`,
      typeDefs: parse(printSubgraphSchema(schema)),
    })),
  );
  if (composed.errors) {
    throw new Error(composed.errors.map(error => error.message).join("\n"));
  }
  return {
    ticker,
    stamps,
    supergraphSdl: composed.supergraphSdl,
    subgraphUrls: { ticker: ticker.url, stamps: stamps.url },
    async stop() {
      await Promise.all([ticker.stop(), stamps.stop()]);
    },
  };
}
