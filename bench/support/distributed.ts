import { resolve } from "node:path";
import { SUBGRAPH_NAMES, type SubgraphName } from "../../platform/config.js";
import { freePort, NODE, ready, run, type RunningProcess } from "../../testing/processes.js";

export const SECRETS = {
  JWT_SECRET: "bench-jwt-secret-0123456789-0123456789",
  INTERNAL_JWT_SECRET: "bench-internal-secret-0123456789-0123456789",
  VAULT_KEYS: `bench:${Buffer.from("crosscast-benchmark-vault-key-32").toString("base64")}`,
};

/** The distributed deployment on one machine: each subgraph and the sandboxes as processes. */
export interface Distributed {
  env: Record<string, string>;
  subgraphUrls: Record<SubgraphName, string>;
  subgraphProcs: Record<SubgraphName, RunningProcess>;
  processes: RunningProcess[];
  /** Starts a process with the deployment's environment plus `extra`. */
  spawn(entry: string, args: string[], extra?: Record<string, string>): RunningProcess;
  /** Starts the Crosscast gateway process on the public port, once it is ready (one at a time). */
  gateway(): Promise<{ url: string; proc: RunningProcess }>;
  /** Starts an execution worker process calling `gatewayUrl`, once it is ready. */
  worker(gatewayUrl: string, concurrency?: number): Promise<RunningProcess>;
  stop(): Promise<void>;
}

export async function startDistributed(databaseUrl: string): Promise<Distributed> {
  const env: Record<string, string> = {
    ...SECRETS,
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    DATABASE_URL: databaseUrl,
    PROVIDER_MODE: "sandbox",
    JOB_SUPERVISE_SECONDS: "2",
  };
  const sandboxPort = await freePort();
  env.SANDBOX_PORT = String(sandboxPort);
  env.SANDBOX_URL = `http://127.0.0.1:${sandboxPort}`;
  env.GATEWAY_PORT = String(await freePort());
  env.PUBLIC_URL = `http://127.0.0.1:${env.GATEWAY_PORT}`;
  env.GATEWAY_URL = `${env.PUBLIC_URL}/graphql`;
  const subgraphUrls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) {
    const port = await freePort();
    env[`${name.toUpperCase()}_PORT`] = String(port);
    subgraphUrls[name] = `http://127.0.0.1:${port}/graphql`;
    env[`${name.toUpperCase()}_URL`] = subgraphUrls[name];
  }
  const processes: RunningProcess[] = [];
  const spawn = (entry: string, args: string[], extra: Record<string, string> = {}) => {
    const proc = run(
      entry.endsWith(".js") ? NODE : entry,
      entry.endsWith(".js") ? [resolve(entry), ...args] : args,
      { ...env, ...extra },
    );
    processes.push(proc);
    return proc;
  };
  spawn("dist/scripts/start-sandbox.js", []);
  await ready(`${env.SANDBOX_URL}/healthz`);
  const subgraphProcs = {} as Record<SubgraphName, RunningProcess>;
  for (const name of SUBGRAPH_NAMES) {
    subgraphProcs[name] = spawn("dist/scripts/start-subgraph.js", [name]);
  }
  await Promise.all(
    SUBGRAPH_NAMES.map(name => ready(subgraphUrls[name].replace(/graphql$/, "readyz"))),
  );
  return {
    env,
    async gateway() {
      // One Crosscast gateway at a time, on the public URL the subgraphs give providers: the
      // sandboxes' webhooks (Twilio status callbacks) reach it, as they would in production.
      const url = env.GATEWAY_URL!;
      const proc = spawn("dist/scripts/start-gateway.js", []);
      await ready(url.replace(/graphql$/, "readyz"));
      return { url, proc };
    },
    async worker(gatewayUrl, concurrency = 10) {
      const port = await freePort();
      const proc = spawn("dist/scripts/start-worker.js", [], {
        GATEWAY_URL: gatewayUrl,
        WORKER_PORT: String(port),
        WORKER_CONCURRENCY: String(concurrency),
      });
      await ready(`http://127.0.0.1:${port}/readyz`);
      return proc;
    },
    subgraphUrls,
    subgraphProcs,
    processes,
    spawn,
    async stop() {
      await Promise.all(processes.map(proc => proc.stop()));
    },
  };
}
