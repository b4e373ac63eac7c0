import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createGraphiqlRoutes } from "../../gateway/graphiql.js";
import { createServiceServer, type ServiceServer } from "../../platform/http/service-server.js";
import { createLogger } from "../../platform/logger.js";

describe("GraphiQL served offline by the gateway", () => {
  let server: ServiceServer;
  let origin: string;
  const hostile = "Bearer abc</script><script>alert(1)</script>";

  beforeAll(async () => {
    const graphiql = createGraphiqlRoutes({
      endpoint: "/graphql",
      defaultHeaders: { Authorization: hostile },
    });
    server = createServiceServer({
      logger: createLogger({ service: "test", level: "silent" }),
      routes: graphiql.routes,
      prefixRoutes: graphiql.prefixRoutes,
      ready: async () => {},
    });
    origin = `http://127.0.0.1:${await server.listen(0)}`;
  });
  afterAll(() => server.close());

  it("serves a page that loads nothing from outside this origin", async () => {
    const response = await fetch(`${origin}/graphiql`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).not.toMatch(/https?:|\/\/[a-z]/i);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(match => match[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(5);
    for (const asset of assets) {
      expect(asset.startsWith("/graphiql/assets/")).toBe(true);
      const served = await fetch(`${origin}${asset}`);
      expect({ asset, status: served.status }).toEqual({ asset, status: 200 });
      expect(served.headers.get("content-type")).toMatch(
        asset.endsWith(".css") ? /text\/css/ : /javascript/,
      );
      expect((await served.arrayBuffer()).byteLength).toBeGreaterThan(
        asset.endsWith("boot.js") ? 100 : 10_000,
      );
    }
  });

  it("pre-fills default headers without letting them break out of the page's script", async () => {
    const html = await (await fetch(`${origin}/graphiql`)).text();
    const config = /<script type="application\/json" id="graphiql-config">([^<]*)<\/script>/.exec(
      html,
    )?.[1];
    expect(JSON.parse(config ?? "null")).toMatchObject({
      endpoint: "/graphql",
      defaultHeaders: { Authorization: hostile },
    });
    expect(html).not.toContain("<script>alert(1)");
  });

  it("serves only the allow-listed assets", async () => {
    for (const path of [
      "/graphiql/assets/../package.json",
      "/graphiql/assets/%2e%2e%2fpackage.json",
      "/graphiql/assets/x.js",
    ]) {
      expect((await fetch(`${origin}${path}`)).status).toBe(404);
    }
  });
});
