// Target (b): a stock @apollo/gateway with @apollo/server on default settings (startStandaloneServer)
// over the same supergraph. The only additions are what Crosscast's subgraphs require of any
// gateway: the user's JWT is verified, and each subgraph call carries the signed identity.
import { readFile } from "node:fs/promises";
import {
  ApolloGateway,
  RemoteGraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
} from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { INTERNAL_HEADER, signInternalToken } from "../../platform/auth/internal-token.js";
import { createUserTokenVerifier } from "../../platform/auth/user-token.js";

interface Context {
  /** The signed identity: once per client request, shared by its subgraph calls (as Crosscast). */
  internalToken: string;
}

const [supergraphPath, port, jwtSecret, internalSecret] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
];
const urls = JSON.parse(process.env.SUBGRAPH_URLS ?? "{}") as Record<string, string>;
const verify = createUserTokenVerifier({ jwtSecret });
let requests = 0;

const gateway = new ApolloGateway({
  supergraphSdl: await readFile(supergraphPath, "utf8"),
  buildService: ({ name, url }) =>
    new (class extends RemoteGraphQLDataSource<Context> {
      override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Context>) {
        const { internalToken } = context as Partial<Context>;
        if (internalToken) {
          request.http?.headers.set(INTERNAL_HEADER, internalToken);
        }
      }
    })({ url: urls[name] ?? url }),
});
const server = new ApolloServer<Context>({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(port), host: "127.0.0.1" },
  context: async ({ req }) => {
    const viewer = await verify(String(req.headers.authorization ?? "").replace(/^Bearer\s+/i, ""));
    requests += 1;
    return {
      internalToken: signInternalToken(internalSecret, { viewer, requestId: `stock-${requests}` }),
    };
  },
});
console.log(`stock gateway ready at ${url}`);
