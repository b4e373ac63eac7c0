// npm run bench: Crosscast against its yardsticks on this machine, in one run. It measures and
// prints; it asserts nothing about time. Results also go to bench/results/<time>.json.
import "reflect-metadata";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseVaultKeys, Vault } from "../platform/vault/vault.js";
import { mintUserToken } from "../platform/auth/user-token.js";
import { openBenchDatabase } from "./support/database.js";
import { SECRETS, startDistributed } from "./support/distributed.js";
import { seedVolume } from "./support/seed-volume.js";
import { userTokensFile } from "./support/tokens.js";
import { measureColdStart } from "./sections/cold-start.js";
import { measureExecutions } from "./sections/executions.js";
import { measureHttp } from "./sections/http.js";
import { measureSqlPerRequest } from "./sections/sql.js";
import { measureFanOut } from "./sections/subscriptions.js";
import { printReport } from "./support/print.js";

const quick = process.argv.includes("--quick");
const settings = {
  durationSeconds: Number(process.env.BENCH_SECONDS ?? (quick ? 4 : 10)),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 20),
  rounds: quick ? 1 : 2,
  subscribers: quick ? [100, 500] : [100, 1_000, 2_000],
  recipients: quick ? 200 : 1_000,
};
const section = (name: string) => process.stdout.write(`\n▶ ${name}\n`);
const started = Date.now();
const dir = await mkdtemp(join(tmpdir(), "crosscast-bench-"));

section("setup: database, 1,000 campaigns, 10,000 messages and executions, services as processes");
const database = await openBenchDatabase();
const vault = new Vault(parseVaultKeys(SECRETS.VAULT_KEYS));
const { workspaceId, twilioConnectionId } = await seedVolume(database.url, vault, {
  campaigns: 1_000,
  messages: 10_000,
  executions: 10_000,
});
const stack = await startDistributed(database.url);
const token = await mintUserToken(SECRETS.JWT_SECRET, {
  userId: "bench-owner",
  workspaceId,
  expiresIn: "2h",
});
const tokens = await userTokensFile(dir, SECRETS.JWT_SECRET, workspaceId, 20_000);

try {
  section(
    "gateway throughput and latency (autocannon in its own process, a new token per request)",
  );
  const http = await measureHttp({ stack, dir, userTokens: tokens, workspaceId, ...settings });
  section("SQL statements per dashboard request");
  const sql = await measureSqlPerRequest(database.url, workspaceId);
  section("subscription fan-out through the gateway");
  const fanOut = await measureFanOut({
    stack,
    dir,
    token,
    tokensFile: tokens,
    connectionId: twilioConnectionId,
    counts: settings.subscribers,
  });
  section("execution throughput (workers as processes, against the sandboxes)");
  const executions = await measureExecutions({
    stack,
    token,
    connectionId: twilioConnectionId,
    recipients: settings.recipients,
    workerCounts: [1, 2],
  });
  await stack.stop();
  section("cold start of npm start (embedded PostgreSQL)");
  const coldStart = await measureColdStart();
  const results = {
    date: new Date().toISOString(),
    machine: {
      cores: availableParallelism(),
      cpu: cpus()[0]?.model ?? "unknown",
      node: process.version,
    },
    settings,
    http,
    sql,
    fanOut,
    executions,
    coldStart,
    benchSeconds: Math.round((Date.now() - started) / 1000),
  };
  printReport(results);
  await mkdir("bench/results", { recursive: true });
  const file = `bench/results/${results.date.replaceAll(":", "-")}.json`;
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nwrote ${file} (${results.benchSeconds} s in all)\n`);
} finally {
  await stack.stop();
  await database.close();
}
process.exit(0);
