import { describe, expect, it } from "@jest/globals";
import { parse, subscribe, type ExecutionResult } from "graphql";
import {
  Arg,
  Field,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from "type-graphql";
import { createEventStream } from "../../platform/graphql-ws/event-streams.js";
import { buildFederatedSchema } from "../../subgraphs/shared/build-federated-schema.js";

@ObjectType("Count")
class CountType {
  @Field(() => Int)
  value!: number;
}

@Resolver()
class CountResolver {
  @Query(() => Int)
  zero(): number {
    return 0;
  }

  @Subscription(() => CountType, {
    subscribe: ({ args }: SubscribeResolverData<unknown, { to: number }>) =>
      createEventStream<number>(sink => {
        for (let value = 1; value <= args.to; value += 1) {
          sink.push(value);
        }
        sink.end();
      }),
  })
  countTo(@Root() value: number, @Arg("to", () => Int) _to: number): CountType {
    return Object.assign(new CountType(), { value: value * 10 });
  }
}

describe("buildFederatedSchema with a subscription", () => {
  it("keeps the field's subscribe and resolve, without a PubSub", async () => {
    const schema = await buildFederatedSchema({ resolvers: [CountResolver] });
    const field = schema.getSubscriptionType()?.getFields().countTo;
    expect(typeof field?.subscribe).toBe("function");
    expect(typeof field?.resolve).toBe("function");
    const stream = await subscribe({
      schema,
      document: parse("subscription { countTo(to: 3) { value } }"),
    });
    const results: ExecutionResult[] = [];
    for await (const result of stream as AsyncIterable<ExecutionResult>) {
      results.push(result);
    }
    expect(results).toEqual([10, 20, 30].map(value => ({ data: { countTo: { value } } })));
  });
});
