export default async function globalTeardown() {
  await globalThis.__crosscastDropTemplate?.();
  await globalThis.__crosscastEmbeddedPostgres?.stop();
}
