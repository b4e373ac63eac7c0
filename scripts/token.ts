// npm run token -- --workspace <id> [--role OWNER|ADMIN|MEMBER|VIEWER] [--user <id>] [--ttl 12h]
import { parseArgs } from "node:util";
import { mintUserToken } from "../platform/auth/user-token.js";
import { isRole } from "../platform/auth/viewer.js";
import { loadConfig } from "../platform/config.js";

const { values } = parseArgs({
  options: {
    workspace: { type: "string" },
    role: { type: "string", default: "OWNER" },
    user: { type: "string", default: "dev-user" },
    ttl: { type: "string", default: "12h" },
  },
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
if (!values.workspace || !UUID.test(values.workspace) || !isRole(values.role)) {
  console.error(
    "usage: npm run token -- --workspace <uuid> [--role OWNER|ADMIN|MEMBER|VIEWER] [--user <id>] [--ttl 12h]",
  );
  process.exit(2);
}
const config = loadConfig();
process.stdout.write(
  `${await mintUserToken(config.auth.jwtSecret, {
    userId: values.user,
    workspaceId: values.workspace,
    role: values.role,
    expiresIn: values.ttl,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
  })}\n`,
);
