// Target (c): Hive Gateway's configuration (run with `hive-gateway supergraph <file> --jit`).
// Like the stock target, it verifies the user's JWT and signs the identity Crosscast's
// subgraphs require, per request.
import { defineConfig } from "@graphql-hive/gateway";
import { INTERNAL_HEADER, signInternalToken } from "../../platform/auth/internal-token.js";
import { createUserTokenVerifier } from "../../platform/auth/user-token.js";

const verify = createUserTokenVerifier({ jwtSecret: process.env.JWT_SECRET ?? "" });
const internalSecret = process.env.INTERNAL_JWT_SECRET ?? "";
let requests = 0;

export const gatewayConfig = defineConfig({
  logging: "error",
  propagateHeaders: {
    async fromClientToSubgraphs({ request }) {
      requests += 1;
      const token = (request.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
      const viewer = await verify(token);
      return {
        [INTERNAL_HEADER]: signInternalToken(internalSecret, {
          viewer,
          requestId: `hive-${requests}`,
        }),
      };
    },
  },
});
