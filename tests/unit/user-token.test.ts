import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createUserTokenVerifier, mintUserToken } from "../../platform/auth/user-token.js";

const WORKSPACE = "0193a000-0000-7000-8000-000000000042";
const secret = "h".repeat(40);

describe("user tokens", () => {
  it("HS256 by default: derives user, workspace and role", async () => {
    const verify = createUserTokenVerifier({ jwtSecret: secret });
    const token = await mintUserToken(secret, {
      userId: "ann",
      workspaceId: WORKSPACE,
      role: "ADMIN",
    });
    await expect(verify(token)).resolves.toEqual({
      userId: "ann",
      workspaceId: WORKSPACE,
      role: "ADMIN",
    });
  });

  it("checks issuer and audience when configured", async () => {
    const verify = createUserTokenVerifier({
      jwtSecret: secret,
      issuer: "crosscast",
      audience: "api",
    });
    const right = await mintUserToken(secret, {
      userId: "a",
      workspaceId: WORKSPACE,
      issuer: "crosscast",
      audience: "api",
    });
    const wrong = await mintUserToken(secret, {
      userId: "a",
      workspaceId: WORKSPACE,
      issuer: "evil",
      audience: "api",
    });
    await expect(verify(right)).resolves.toMatchObject({ userId: "a" });
    await expect(verify(wrong)).rejects.toThrow(/invalid or expired/);
  });

  describe("RS256 from a JWKS URL", () => {
    let server: Server;
    let jwksUrl: string;
    let privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

    beforeAll(async () => {
      const pair = await generateKeyPair("RS256");
      privateKey = pair.privateKey;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
      server = createServer((_req, res) => {
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
      jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    });
    afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

    it("accepts a token signed by a key in the set", async () => {
      const token = await new SignJWT({ wid: WORKSPACE, role: "VIEWER" })
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .setSubject("bob")
        .setExpirationTime("5m")
        .sign(privateKey);
      const verify = createUserTokenVerifier({ jwtSecret: secret, jwksUrl });
      await expect(verify(token)).resolves.toEqual({
        userId: "bob",
        workspaceId: WORKSPACE,
        role: "VIEWER",
      });
    });

    it("refuses HS256 tokens once a JWKS is configured", async () => {
      const verify = createUserTokenVerifier({ jwtSecret: secret, jwksUrl });
      const hs = await mintUserToken(secret, { userId: "a", workspaceId: WORKSPACE });
      await expect(verify(hs)).rejects.toThrow(/invalid or expired/);
    });
  });
});

describe("HS256 verification", () => {
  const verify = createUserTokenVerifier({ jwtSecret: secret });
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

  it("refuses a tampered payload, another algorithm, an expired or not-yet-valid token", async () => {
    const token = await mintUserToken(secret, { userId: "ann", workspaceId: WORKSPACE });
    const [header, , signature] = token.split(".");
    const forged = `${header}.${encode({ sub: "mallory", wid: WORKSPACE, role: "OWNER", exp: 9_999_999_999 })}.${signature}`;
    await expect(verify(forged)).rejects.toThrow(/invalid or expired/);
    const none = `${encode({ alg: "none" })}.${encode({ sub: "a", wid: WORKSPACE, exp: 9_999_999_999 })}.`;
    await expect(verify(none)).rejects.toThrow(/invalid or expired/);
    const expired = await mintUserToken(secret, {
      userId: "a",
      workspaceId: WORKSPACE,
      expiresIn: -10,
    });
    await expect(verify(expired)).rejects.toThrow(/invalid or expired/);
    const later = await new SignJWT({ wid: WORKSPACE })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("a")
      .setNotBefore("1h")
      .setExpirationTime("2h")
      .sign(new TextEncoder().encode(secret));
    await expect(verify(later)).rejects.toThrow(/invalid or expired/);
  });

  it("refuses a token signed with another secret, and one without an expiry", async () => {
    const other = await mintUserToken("o".repeat(40), { userId: "a", workspaceId: WORKSPACE });
    await expect(verify(other)).rejects.toThrow(/invalid or expired/);
    const forever = await new SignJWT({ wid: WORKSPACE })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("a")
      .sign(new TextEncoder().encode(secret));
    await expect(verify(forever)).rejects.toThrow(/invalid or expired/);
  });
});
