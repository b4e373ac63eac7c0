// Target (c): Hive Gateway's configuration (run with `hive-gateway supergraph <file> --jit`).
// Like the stock target, it verifies the user's JWT and signs the identity Crosscast's
// subgraphs require, once per client request.
import { defineConfig } from "@graphql-hive/gateway";
import { INTERNAL_HEADER, signInternalToken } from "../../platform/auth/internal-token.js";
import { createUserTokenVerifier } from "../../platform/auth/user-token.js";

const verify = createUserTokenVerifier({ jwtSecret: process.env.JWT_SECRET ?? "" });
const internalSecret = process.env.INTERNAL_JWT_SECRET ?? "";
let requests = 0;

async function identify(request: Request): Promise<Record<string, string>> {
  const token = (request.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
  const viewer = await verify(token);
  requests += 1;
  return {
    [INTERNAL_HEADER]: signInternalToken(internalSecret, { viewer, requestId: `hive-${requests}` }),
  };
}

// Hive asks for headers once per subgraph call: verify and sign once per client request instead,
// shared by its subgraph calls, as Crosscast's gateway does.
const identities = new WeakMap<Request, Promise<Record<string, string>>>();

export const gatewayConfig = defineConfig({
  logging: "error",
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      let identity = identities.get(request);
      if (!identity) {
        identity = identify(request);
        identities.set(request, identity);
      }
      return identity;
    },
  },
});
