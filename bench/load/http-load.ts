// A load generator in its own process: autocannon against one target, every request carrying its
// own credential (so no gateway can be flattered by deduplication), reported as JSON on stdout.
import { readFile } from "node:fs/promises";
import autocannon from "autocannon";

export interface HttpLoadSpec {
  url: string;
  query: string;
  /** The header each request sets, and a file with one value per line (used in turn). */
  header: string;
  valuesFile: string;
  /** Put before each value ("Bearer "). */
  prefix?: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface HttpLoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  graphqlErrors: number;
}

async function blast(
  spec: HttpLoadSpec,
  values: string[],
  seconds: number,
): Promise<HttpLoadResult> {
  let next = 0;
  let graphqlErrors = 0;
  const body = JSON.stringify({ query: spec.query });
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        setupRequest: request => {
          const value = `${spec.prefix ?? ""}${values[next++ % values.length]!}`;
          request.headers = { ...request.headers, [spec.header]: value };
          return request;
        },
        onResponse: (_status, responseBody) => {
          if (responseBody.includes('"errors"')) {
            graphqlErrors += 1;
          }
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    graphqlErrors,
  };
}

const spec = JSON.parse(await readFile(process.argv[2]!, "utf8")) as HttpLoadSpec;
const values = (await readFile(spec.valuesFile, "utf8")).split("\n").filter(Boolean);
if (spec.warmupSeconds > 0) {
  await blast(spec, values, spec.warmupSeconds);
}
process.stdout.write(`${JSON.stringify(await blast(spec, values, spec.durationSeconds))}\n`);
