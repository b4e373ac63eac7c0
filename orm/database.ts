import pg from "pg";

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Creates a database on the server behind `adminUrl` unless it exists; optionally from a template. */
export async function ensureDatabase(
  adminUrl: string,
  name: string,
  template?: string,
): Promise<string> {
  if (!NAME.test(name) || (template !== undefined && !NAME.test(template))) {
    throw new Error(`invalid database name: ${name}`);
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
    }
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  if (!NAME.test(name)) {
    throw new Error(`invalid database name: ${name}`);
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** The same server URL pointed at another database. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
