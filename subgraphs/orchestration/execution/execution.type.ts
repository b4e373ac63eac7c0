import { GraphQLJSONObject } from "graphql-scalars";
import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import {
  EXECUTION_MODES,
  EXECUTION_STATUSES,
  type Execution,
  type ExecutionError,
} from "../../../orm/entities/execution.entity.js";
import { graphqlEnum } from "../../shared/enum.js";

export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export type ExecutionMode = (typeof EXECUTION_MODES)[number];
export const ExecutionStatus = graphqlEnum(EXECUTION_STATUSES, "ExecutionStatus");
export const ExecutionMode = graphqlEnum(EXECUTION_MODES, "ExecutionMode");

@ObjectType("ExecutionError", { description: "Why an execution or step failed." })
export class ExecutionErrorType {
  @Field({ description: "A typed code: a GraphQL error code, ITEMS_FAILED, TEMPLATE_ERROR, …" })
  code!: string;

  @Field()
  message!: string;

  @Field(() => String, { nullable: true, description: "The failing step." })
  stepId!: string | null;
}

export function toExecutionErrorType(
  error: ExecutionError | null | undefined,
): ExecutionErrorType | null {
  return error ? { code: error.code, message: error.message, stepId: error.stepId ?? null } : null;
}

@Directive('@key(fields: "id")')
@ObjectType("Execution", { description: "One run of an agent or campaign playbook." })
export class ExecutionType {
  @Field(() => ID)
  id!: string;

  agentId!: string | null;
  campaignId!: string | null;

  @Field(() => ExecutionStatus)
  status!: ExecutionStatus;

  @Field(() => ExecutionMode)
  mode!: ExecutionMode;

  @Field(() => GraphQLJSONObject, { description: "The inputs it runs with (defaults applied)." })
  inputs!: Record<string, unknown>;

  @Field(() => Int, { description: "Percentage of the work done." })
  progress!: number;

  @Field(() => Int, { description: "The sequence number of its latest event." })
  lastSeq!: number;

  @Field(() => ExecutionErrorType, { nullable: true })
  error!: ExecutionErrorType | null;

  @Field(() => Date, { nullable: true, description: "When a scheduled execution starts." })
  scheduledAt!: Date | null;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field()
  createdAt!: Date;
}

export function toExecutionType(entity: Execution): ExecutionType {
  return {
    id: entity.id,
    agentId: entity.agent ?? null,
    campaignId: entity.campaign ?? null,
    status: entity.status,
    mode: entity.mode,
    inputs: entity.inputs ?? {},
    progress: entity.progress ?? 0,
    lastSeq: entity.lastSeq ?? 0,
    error: toExecutionErrorType(entity.error),
    scheduledAt: entity.scheduledAt ?? null,
    startedAt: entity.startedAt ?? null,
    finishedAt: entity.finishedAt ?? null,
    createdAt: entity.createdAt,
  };
}
