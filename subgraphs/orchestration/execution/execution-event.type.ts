import { Field, ID, Int, ObjectType } from "type-graphql";
import {
  EXECUTION_EVENT_TYPES,
  type ExecutionEvent,
} from "../../../orm/entities/execution-event.entity.js";
import type { EntityRef } from "../../shared/entity-stubs.js";
import { graphqlEnum } from "../../shared/enum.js";
import { MessageRef } from "../stubs.js";

export type ExecutionEventKind = (typeof EXECUTION_EVENT_TYPES)[number];
export const ExecutionEventKind = graphqlEnum(EXECUTION_EVENT_TYPES, "ExecutionEventType");

@ObjectType("ExecutionEvent", {
  description: "One entry of an execution's log; `seq` counts from 1 with no gaps.",
})
export class ExecutionEventType {
  @Field(() => ID)
  executionId!: string;

  @Field(() => Int)
  seq!: number;

  @Field(() => ExecutionEventKind)
  type!: ExecutionEventKind;

  @Field(() => String, { nullable: true })
  stepId!: string | null;

  @Field(() => Int, { nullable: true, description: "The fan-out item, for item events." })
  itemIndex!: number | null;

  @Field(() => Int, { nullable: true, description: "Percentage done, for PROGRESS events." })
  progress!: number | null;

  @Field(() => Int, { nullable: true, description: "Which attempt failed, for STEP_RETRYING." })
  attempt!: number | null;

  @Field(() => String, { nullable: true, description: "A log line or an error's message." })
  detail!: string | null;

  @Field(() => String, { nullable: true, description: "The error's typed code, for failures." })
  errorCode!: string | null;

  @Field(() => MessageRef, {
    nullable: true,
    description: "The message the step sent, resolved by the messaging subgraph.",
  })
  message!: EntityRef | null;

  @Field()
  occurredAt!: Date;
}

export function toExecutionEventType(entity: ExecutionEvent): ExecutionEventType {
  const payload = entity.payload ?? {};
  const message = payload.refs?.find(ref => ref.typename === "Message");
  return {
    executionId: entity.execution,
    seq: entity.seq,
    type: entity.type,
    stepId: entity.stepId ?? null,
    itemIndex: entity.itemIndex ?? null,
    progress: payload.progress ?? null,
    attempt: payload.attempt ?? null,
    detail: payload.error?.message ?? payload.message ?? null,
    errorCode: payload.error?.code ?? null,
    message: message ? { id: message.id } : null,
    occurredAt: entity.createdAt,
  };
}
