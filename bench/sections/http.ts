import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { SECRETS, type Distributed } from "../support/distributed.js";
import { settle } from "../support/machine-cpu.js";
import { freePort, NODE, ready, run, type RunningProcess } from "../../testing/processes.js";
import { internalTokensFile } from "../support/tokens.js";
import type { HttpLoadResult, HttpLoadSpec } from "../load/http-load.js";

/** The dashboard's overview: five subgraphs (campaigns and executions, and each connector's figures). */
const OVERVIEW = `query Overview {
  campaigns(first: 20) {
    id name status budget { amountMicros currency }
    messageCount postCount adCampaignCount adSpend { amountMicros currency }
    orderCount attributedRevenue { amountMicros currency }
  }
  executions(first: 10) { id status progress }
}`;

/** A list from one subgraph. */
const LIST = `query List { campaigns(first: 50) { id name status objective budget { amountMicros currency } createdAt } }`;

export type Target = "crosscast" | "stock" | "hive" | "direct";

export interface HttpRun {
  query: "overview" | "list";
  target: Target;
  round: number;
  result: HttpLoadResult;
  /** CPU the serving process (with its children) spent per request in the measured window. */
  cpuMsPerRequest: number;
}

interface Started {
  url: string;
  proc?: RunningProcess;
}

async function startTarget(target: Target, stack: Distributed, dir: string): Promise<Started> {
  if (target === "direct") {
    return { url: stack.subgraphUrls.orchestration };
  }
  if (target === "crosscast") {
    return stack.gateway();
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  if (target === "stock") {
    const proc = stack.spawn(
      "dist/bench/targets/stock-gateway.js",
      ["schema/supergraph.graphql", String(port), SECRETS.JWT_SECRET, SECRETS.INTERNAL_JWT_SECRET],
      {
        SUBGRAPH_URLS: JSON.stringify(stack.subgraphUrls),
      },
    );
    await proc.waitFor(/stock gateway ready/);
    return { url, proc };
  }
  // Hive Gateway reads subgraph URLs from the supergraph: point a copy at this run's subgraphs.
  let sdl = await readFile("schema/supergraph.graphql", "utf8");
  for (const [name, subgraphUrl] of Object.entries(stack.subgraphUrls)) {
    sdl = sdl.replace(new RegExp(`(name: "${name}", url: ")[^"]+`), `$1${subgraphUrl}`);
  }
  const supergraph = join(dir, "supergraph.hive.graphql");
  await writeFile(supergraph, sdl);
  const proc = stack.spawn("node_modules/@graphql-hive/gateway/dist/bin.js", [
    "supergraph",
    supergraph,
    "--jit",
    "--fork",
    "1",
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--disable-websockets",
    "-c",
    resolve("dist/bench/targets/hive.config.js"),
  ]);
  await ready(`http://127.0.0.1:${port}/healthcheck`, 90_000);
  return { url, proc };
}

async function load(spec: HttpLoadSpec, dir: string): Promise<HttpLoadResult> {
  const file = join(dir, `load-${Date.now()}.json`);
  await writeFile(file, JSON.stringify(spec));
  const proc = run(NODE, [resolve("dist/bench/load/http-load.js"), file], {});
  const [line] = await proc.waitFor(
    /\{.*"requestsPerSecond".*\}/,
    (spec.durationSeconds + spec.warmupSeconds) * 1000 + 60_000,
  );
  await proc.stop();
  return JSON.parse(line) as HttpLoadResult;
}

/** Throughput, latency and CPU per request of each target for each query, targets interleaved. */
export async function measureHttp(options: {
  stack: Distributed;
  dir: string;
  userTokens: string;
  workspaceId: string;
  durationSeconds: number;
  connections: number;
  rounds: number;
}): Promise<HttpRun[]> {
  const runs: HttpRun[] = [];
  const plan: Array<[HttpRun["query"], string, Target[]]> = [
    ["overview", OVERVIEW, ["crosscast", "stock", "hive"]],
    ["list", LIST, ["crosscast", "stock", "hive", "direct"]],
  ];
  const spec = (
    url: string,
    query: string,
    credentials: { file: string; header: string; prefix?: string },
    seconds: number,
  ): HttpLoadSpec => ({
    url,
    query,
    header: credentials.header,
    valuesFile: credentials.file,
    ...(credentials.prefix ? { prefix: credentials.prefix } : {}),
    connections: options.connections,
    durationSeconds: seconds,
    warmupSeconds: 0,
  });
  // Warm the subgraphs and the database first (JIT, caches), so that the first target measured
  // is not the one that pays for it.
  const warm = await startTarget("crosscast", options.stack, options.dir);
  const userCredentials = { file: options.userTokens, header: "authorization", prefix: "Bearer " };
  for (const [, query] of plan) {
    await load(spec(warm.url, query, userCredentials, 8), options.dir);
  }
  await warm.proc?.stop();
  for (const [name, query, targets] of plan) {
    for (let round = 1; round <= options.rounds; round += 1) {
      for (const target of targets) {
        await settle();
        const started = await startTarget(target, options.stack, options.dir);
        const credentials =
          target === "direct"
            ? await internalTokensFile(
                options.dir,
                SECRETS.INTERNAL_JWT_SECRET,
                options.workspaceId,
                30_000,
              )
            : userCredentials;
        await load(spec(started.url, query, credentials, 3), options.dir); // warm-up, not measured
        // The direct target is the orchestration subgraph itself: its CPU is the serving CPU.
        const serving = started.proc ?? options.stack.subgraphProcs.orchestration;
        const cpu = () => serving.cpuSeconds();
        const before = await cpu();
        const result = await load(
          spec(started.url, query, credentials, options.durationSeconds),
          options.dir,
        );
        const cpuMsPerRequest = (((await cpu()) - before) * 1000) / Math.max(result.requests, 1);
        runs.push({ query: name, target, round, result, cpuMsPerRequest });
        process.stdout.write(
          `  ${name} → ${target} (round ${round}): ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99Ms} ms, ${cpuMsPerRequest.toFixed(2)} CPU ms/req\n`,
        );
        await started.proc?.stop();
      }
    }
  }
  return runs;
}
