import { Directive, Field, ID, ObjectType } from "type-graphql";
import {
  EXECUTION_MODES,
  EXECUTION_STATUSES,
  type Execution,
} from "../../../orm/entities/execution.entity.js";
import { graphqlEnum } from "../../shared/enum.js";

export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export type ExecutionMode = (typeof EXECUTION_MODES)[number];
export const ExecutionStatus = graphqlEnum(EXECUTION_STATUSES, "ExecutionStatus");
export const ExecutionMode = graphqlEnum(EXECUTION_MODES, "ExecutionMode");

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
    startedAt: entity.startedAt ?? null,
    finishedAt: entity.finishedAt ?? null,
    createdAt: entity.createdAt,
  };
}
