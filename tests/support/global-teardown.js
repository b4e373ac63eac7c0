import { rm } from "node:fs/promises";

export default async function globalTeardown() {
  await globalThis.__crosscastDropTemplate?.();
  await globalThis.__crosscastEmbeddedPostgres?.stop();
  if (globalThis.__crosscastTestDataDir) {
    await rm(globalThis.__crosscastTestDataDir, { recursive: true, force: true });
  }
}
