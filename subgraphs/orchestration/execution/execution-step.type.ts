import { Field, Int, ObjectType } from "type-graphql";
import { STEP_STATUSES, type ExecutionStep } from "../../../orm/entities/execution-step.entity.js";
import { graphqlEnum } from "../../shared/enum.js";
import { ExecutionErrorType, toExecutionErrorType } from "./execution.type.js";

export type ExecutionStepStatus = (typeof STEP_STATUSES)[number];
export const ExecutionStepStatus = graphqlEnum(STEP_STATUSES, "ExecutionStepStatus");

@ObjectType("ExecutionStep", {
  description: "One step of an execution, with counts over its items.",
})
export class ExecutionStepType {
  @Field()
  stepId!: string;

  @Field(() => ExecutionStepStatus)
  status!: ExecutionStepStatus;

  @Field(() => Int, { description: "Calls the step makes: 1, or one per fan-out item." })
  itemsTotal!: number;

  @Field(() => Int)
  itemsSucceeded!: number;

  @Field(() => Int)
  itemsFailed!: number;

  @Field(() => Int, { description: "Recipients who had opted out." })
  itemsSkipped!: number;

  @Field(() => ExecutionErrorType, { nullable: true })
  error!: ExecutionErrorType | null;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;
}

export function toExecutionStepType(entity: ExecutionStep): ExecutionStepType {
  return {
    stepId: entity.stepId,
    status: entity.status,
    itemsTotal: entity.itemsTotal,
    itemsSucceeded: entity.itemsSucceeded,
    itemsFailed: entity.itemsFailed,
    itemsSkipped: entity.itemsSkipped,
    error: toExecutionErrorType(entity.error),
    startedAt: entity.startedAt ?? null,
    finishedAt: entity.finishedAt ?? null,
  };
}
