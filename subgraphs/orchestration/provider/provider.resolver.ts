import { Ctx, Query, Resolver } from "type-graphql";
import { PROVIDER_KEYS, PROVIDERS } from "../../../connectors/kit/catalog.js";
import type { OrchestrationContext } from "../loaders.js";
import { ProviderType, toProviderType } from "./provider.type.js";

@Resolver(() => ProviderType)
export class ProviderResolver {
  @Query(() => [ProviderType], { description: "The provider catalog." })
  providers(@Ctx() ctx: OrchestrationContext): ProviderType[] {
    return PROVIDER_KEYS.map(key =>
      toProviderType(PROVIDERS[key], ctx.runtime.has(key) ? ctx.runtime.connector(key) : undefined),
    );
  }
}
