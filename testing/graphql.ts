/** GraphQL over HTTP as a dashboard sends it, for tests and benchmarks. */
export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
}

export async function postGraphQL<T>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const json = (await response.json()) as Omit<GraphQLResponse<T>, "status" | "headers">;
  return { status: response.status, headers: response.headers, ...json };
}

/** The data of a call that must succeed, as `token`; any error fails loudly. */
export async function graphqlData<T>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const result = await postGraphQL<T>(
    url,
    { query, variables },
    { authorization: `Bearer ${token}` },
  );
  if (result.errors || !result.data) {
    throw new Error(`GraphQL call failed: ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}
