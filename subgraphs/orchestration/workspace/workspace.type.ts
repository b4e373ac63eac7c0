import { Directive, Field, ID, ObjectType } from "type-graphql";
import type { Workspace } from "../../../orm/entities/index.js";

@Directive('@key(fields: "id")')
@ObjectType("Workspace", { description: "A tenant: every other object belongs to one workspace." })
export class WorkspaceType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  slug!: string;

  @Field()
  createdAt!: Date;
}

export function toWorkspaceType(entity: Workspace): WorkspaceType {
  return { id: entity.id, name: entity.name, slug: entity.slug, createdAt: entity.createdAt };
}
