import type { ColdStart } from "../sections/cold-start.js";
import type { ThroughputRun } from "../sections/executions.js";
import type { HttpRun, Target } from "../sections/http.js";
import type { FanOutRun } from "../sections/subscriptions.js";
import { format, ratio, table } from "./report.js";

export interface BenchResults {
  machine: { cores: number; cpu: string; node: string };
  http: HttpRun[];
  sql: Array<{ items: number; statements: number }>;
  fanOut: FanOutRun[];
  executions: ThroughputRun[];
  coldStart: ColdStart;
}

const LABEL: Record<Target, string> = {
  crosscast: "(a) Crosscast gateway",
  stock: "(b) stock @apollo/gateway",
  hive: "(c) Hive Gateway --jit",
  direct: "(d) subgraph directly",
};

const busy = (share: number | null) => (share === null ? "—" : `${Math.round(share * 100)} %`);

const mean = (values: number[]) =>
  values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);

interface HttpSummary {
  target: Target;
  rps: number;
  spread: string;
  p50: number;
  p99: number;
  cpuMs: number;
  errors: number;
}

function summarise(runs: HttpRun[]): HttpSummary[] {
  const targets = [...new Set(runs.map(run => run.target))];
  return targets.map(target => {
    const mine = runs.filter(run => run.target === target);
    const rps = mine.map(run => run.result.requestsPerSecond);
    return {
      target,
      rps: mean(rps),
      spread: rps.length > 1 ? `${format(Math.min(...rps))}–${format(Math.max(...rps))}` : "-",
      p50: mean(mine.map(run => run.result.p50Ms)),
      p99: mean(mine.map(run => run.result.p99Ms)),
      cpuMs: mean(mine.map(run => run.cpuMsPerRequest)),
      errors: mine.reduce(
        (sum, run) => sum + run.result.errors + run.result.non2xx + run.result.graphqlErrors,
        0,
      ),
    };
  });
}

export function printReport(results: BenchResults) {
  const { machine } = results;
  const out: string[] = [
    `\nCrosscast benchmark · ${machine.cores} cores (${machine.cpu}) · Node ${machine.node}`,
  ];
  for (const query of ["overview", "list"] as const) {
    const summary = summarise(results.http.filter(run => run.query === query));
    const of = (target: Target) => summary.find(row => row.target === target);
    const rps = (target: Target) => of(target)?.rps ?? NaN;
    const cpu = (target: Target) => of(target)?.cpuMs ?? NaN;
    out.push(
      table(
        query === "overview" ? "Dashboard overview (5 subgraphs)" : "Single-subgraph list",
        ["target", "req/s (mean)", "range", "p50 ms", "p99 ms", "serving CPU ms/req", "errors"],
        summary.map(row => [
          LABEL[row.target],
          row.rps,
          row.spread,
          row.p50,
          row.p99,
          row.cpuMs,
          row.errors,
        ]),
      ),
      `throughput ratios: a/b ${ratio(rps("crosscast"), rps("stock"))}  a/c ${ratio(rps("crosscast"), rps("hive"))}` +
        (query === "list" ? `  a/d ${ratio(rps("crosscast"), rps("direct"))}` : ""),
      `gateway CPU per request, theirs/ours: b/a ${ratio(cpu("stock"), cpu("crosscast"))}  c/a ${ratio(cpu("hive"), cpu("crosscast"))}`,
    );
  }
  out.push(
    table(
      "SQL statements per dashboard request",
      ["campaigns listed", "statements"],
      results.sql.map(row => [row.items, row.statements]),
    ),
  );
  out.push(
    table(
      "Subscription fan-out (graphql-ws through the gateway)",
      [
        "subscribers",
        "live events",
        "p50 ms",
        "p99 ms",
        "gaps",
        "errors",
        "gateway KiB/subscriber",
        "machine CPU busy",
      ],
      results.fanOut.map(run => [
        run.subscribers,
        run.live,
        run.p50Ms,
        run.p99Ms,
        run.gaps,
        run.errors,
        run.bytesPerSubscriber / 1024,
        busy(run.machineBusy),
      ]),
    ),
  );
  out.push(
    table(
      "Execution throughput (fan-out)",
      ["workers", "steps", "seconds", "steps/s", "machine CPU busy"],
      results.executions.map(run => [
        run.workers,
        run.recipients,
        run.seconds,
        run.stepsPerSecond,
        busy(run.machineBusy),
      ]),
    ),
  );
  const [one, two] = results.executions;
  if (one && two) {
    out.push(`scaling: 2 workers / 1 worker ${ratio(two.stepsPerSecond, one.stepsPerSecond)}`);
  }
  out.push(
    table(
      "Cold start of npm start",
      ["data folder", "seconds to ready"],
      [
        ["empty (initdb)", results.coldStart.firstSeconds],
        ["existing", results.coldStart.warmSeconds],
      ],
    ),
  );
  process.stdout.write(`${out.join("\n")}\n`);
}
