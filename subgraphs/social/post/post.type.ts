import { Directive, Field, ID, ObjectType } from "type-graphql";
import { POST_STATUSES, type Post } from "../../../orm/entities/post.entity.js";
import { CampaignRef, ConnectionRef } from "../stubs.js";
import type { EntityRef } from "../../shared/entity-stubs.js";
import { graphqlEnum } from "../../shared/enum.js";

export type PostStatus = (typeof POST_STATUSES)[number];
export const PostStatus = graphqlEnum(POST_STATUSES, "PostStatus");

@Directive('@key(fields: "id")')
@ObjectType("Post", { description: "A post on a social network." })
export class PostType {
  @Field(() => ID)
  id!: string;

  @Field({ description: "Network key, such as instagram or linkedin." })
  network!: string;

  @Field()
  body!: string;

  @Field(() => PostStatus)
  status!: PostStatus;

  @Field(() => Date, { nullable: true })
  publishedAt!: Date | null;

  @Field(() => CampaignRef, { nullable: true })
  campaign!: EntityRef | null;

  @Field(() => ConnectionRef, { nullable: true })
  connection!: EntityRef | null;

  @Field()
  createdAt!: Date;
}

export function toPostType(entity: Post): PostType {
  return {
    id: entity.id,
    network: entity.network,
    body: entity.body,
    status: entity.status,
    publishedAt: entity.publishedAt ?? null,
    campaign: entity.campaign ? { id: entity.campaign } : null,
    connection: entity.connection ? { id: entity.connection } : null,
    createdAt: entity.createdAt,
  };
}
