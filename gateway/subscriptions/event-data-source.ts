import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { FormattedExecutionResult } from "graphql-ws";

type DataSourceResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

/**
 * Stands in for the subgraph that owns a subscription while one of its events is completed:
 * the plan's primary fetch is pointed here, so executeQueryPlan merges the event's data (and its
 * errors, with their paths) exactly as if the subgraph had just answered, then runs the rest.
 */
export class SubscriptionEventDataSource implements GraphQLDataSource {
  constructor(private readonly event: FormattedExecutionResult) {}

  async process(_options: GraphQLDataSourceProcessOptions): Promise<DataSourceResponse> {
    const { data, errors, extensions } = this.event;
    return {
      ...(data !== undefined ? { data } : {}),
      ...(errors ? { errors } : {}),
      ...(extensions ? { extensions } : {}),
    };
  }
}
