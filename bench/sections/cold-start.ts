import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DEFAULT_PORTS } from "../../platform/config.js";
import { freePort, NODE, run } from "../../testing/processes.js";

export interface ColdStart {
  firstSeconds: number;
  warmSeconds: number;
}

/**
 * Seconds from `node dist/scripts/start-all.js` (what `npm start` runs after building) to ready,
 * with the embedded PostgreSQL: first on an empty data folder (initdb, migrations, seed), then again.
 */
export async function measureColdStart(): Promise<ColdStart> {
  const dataDir = await mkdtemp(join(tmpdir(), "crosscast-bench-start-"));
  const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  for (const name of [...Object.keys(DEFAULT_PORTS), "sandbox", "embedded_pg"]) {
    env[`${name.toUpperCase()}_PORT`] = String(await freePort());
  }
  const once = async () => {
    const started = performance.now();
    const app = run(NODE, [resolve("dist/scripts/start-all.js")], env);
    await app.waitFor(/Crosscast is ready/, 180_000);
    const seconds = (performance.now() - started) / 1000;
    await app.stop();
    return seconds;
  };
  try {
    return { firstSeconds: await once(), warmSeconds: await once() };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
