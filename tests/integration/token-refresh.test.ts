import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { ConnectorError } from "../../connectors/kit/connector-error.js";
import { classifyTokenResponse } from "../../connectors/kit/oauth2.js";
import { resolveProviderConfig } from "../../connectors/kit/provider-config.js";
import { createProviderHttp } from "../../connectors/kit/provider-http.js";
import { Connection } from "../../orm/entities/index.js";
import { uuidv7 } from "../../orm/uuid.js";
import { createLogger } from "../../platform/logger.js";
import { openSecrets, sealSecrets } from "../../platform/vault/sealed-secrets.js";
import { parseVaultKeys, Vault } from "../../platform/vault/vault.js";
import { TokenRefresher } from "../../connectors/runtime/token-refresher.js";
import { makeWorkspace } from "../support/factories.js";
import { ScriptedServer } from "../support/scripted-server.js";
import { createTestOrm, type TestOrm } from "../support/test-database.js";

// The refresher against a scripted token endpoint: the failure accounting a sandbox cannot
// easily provoke (repeated outages, answers without a refresh token).
describe("token refresh", () => {
  let db: TestOrm;
  let endpoint: ScriptedServer;
  const endpoints: ScriptedServer[] = [];
  let refresher: TokenRefresher;
  let workspace: string;
  const vault = new Vault(parseVaultKeys(`t:${Buffer.alloc(32, 5).toString("base64")}`));

  const connection = async () => {
    const id = uuidv7();
    const em = db.orm.em.fork();
    em.create(Connection, {
      id,
      workspace,
      provider: "gmail",
      category: "MESSAGING",
      displayName: "refresh",
      status: "ACTIVE",
      tokenExpiresAt: new Date(Date.now() - 1_000),
      secrets: sealSecrets(vault, { id, workspace }, { accessToken: "old", refreshToken: "r-1" }),
    } as never);
    await em.flush();
    return id;
  };
  const row = (id: string) =>
    db.orm.em.fork().findOneOrFail(Connection, { id }, { populate: ["secrets"] as never });

  beforeAll(async () => {
    db = await createTestOrm();
    workspace = (await makeWorkspace(db.orm)).id;
  });
  beforeEach(async () => {
    endpoint = await new ScriptedServer().start();
    endpoints.push(endpoint);
    const config = {
      ...resolveProviderConfig("gmail", { mode: "live", sandboxUrl: "", sandboxSecret: "unused" }),
      tokenUrl: `${endpoint.url}token`,
      clientId: "id",
      clientSecret: "secret",
    };
    refresher = new TokenRefresher({
      orm: db.orm,
      vault,
      logger: createLogger({ service: "test", level: "silent" }),
      grantFor: () => ({
        config,
        http: createProviderHttp({
          provider: "gmail",
          baseUrl: endpoint.url,
          classify: classifyTokenResponse,
          retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
        }),
      }),
    });
  });
  afterAll(async () => {
    await Promise.all(endpoints.map(server => server.stop()));
    await db.close();
  });

  it("keeps the stored refresh token when the answer carries none", async () => {
    endpoint.on("POST", "/token", { body: { access_token: "new", expires_in: 3600 } });
    const id = await connection();
    const fresh = await refresher.refresh(id, "old", false);
    expect(fresh.secrets).toEqual({ accessToken: "new", refreshToken: "r-1" });
    expect(openSecrets(vault, await row(id))).toEqual({ accessToken: "new", refreshToken: "r-1" });
    expect(endpoint.seen[0]!.body).toContain("grant_type=refresh_token");
  });

  it("counts failures and gives up after three, with the reason on the connection", async () => {
    endpoint.on("POST", "/token", { status: 503 }); // refused: the refresh token was not used
    const id = await connection();
    for (const attempt of [1, 2, 3]) {
      await expect(refresher.refresh(id, "old", false)).rejects.toBeInstanceOf(ConnectorError);
      const now = await row(id);
      expect(now.refreshFailures).toBe(attempt);
      expect(now.status).toBe(attempt < 3 ? "ACTIVE" : "REFRESH_FAILED");
    }
    expect((await row(id)).statusReason).toMatch(/Token refresh failed \(UNAVAILABLE\)/);
    expect(openSecrets(vault, await row(id)).refreshToken).toBe("r-1");
  });

  it("a dead grant fails at once", async () => {
    endpoint.on("POST", "/token", { status: 400, body: { error: "invalid_grant" } });
    const id = await connection();
    await expect(refresher.refresh(id, "old", false)).rejects.toMatchObject({
      kind: "AUTH_REVOKED",
    });
    expect((await row(id)).status).toBe("REFRESH_FAILED");
  });
});
