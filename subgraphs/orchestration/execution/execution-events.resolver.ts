import {
  Args,
  ArgsType,
  Field,
  ID,
  Int,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from "type-graphql";
import type { ExecutionEvent } from "../../../orm/entities/index.js";
import { BadUserInputError, NotFoundError } from "../../shared/errors.js";
import type { OrchestrationContext } from "../loaders.js";
import { executionEventStream } from "./event-stream.js";
import { ExecutionEventType, toExecutionEventType } from "./execution-event.type.js";

@ArgsType()
class ExecutionEventsArgs {
  @Field(() => ID)
  executionId!: string;

  @Field(() => Int, {
    defaultValue: 0,
    description:
      "Replay the stored events after this seq first (the last one you saw), then follow.",
  })
  afterSeq = 0;
}

@Resolver(() => ExecutionEventType)
export class ExecutionEventsResolver {
  @Subscription(() => ExecutionEventType, {
    description:
      "An execution's events: the stored ones after `afterSeq`, then live ones, each once and in order; ends with the execution.",
    subscribe: async ({
      args,
      context,
    }: SubscribeResolverData<unknown, ExecutionEventsArgs, OrchestrationContext>) => {
      if (!Number.isInteger(args.afterSeq) || args.afterSeq < 0) {
        throw new BadUserInputError("afterSeq", "must be a non-negative whole number");
      }
      const execution = await context.loaders.executionById.load(args.executionId);
      if (!execution) {
        throw new NotFoundError("Execution");
      }
      return executionEventStream(context.events, execution.id, args.afterSeq);
    },
  })
  executionEvents(
    @Root() event: ExecutionEvent,
    @Args() _args: ExecutionEventsArgs,
  ): ExecutionEventType {
    return toExecutionEventType(event);
  }
}
