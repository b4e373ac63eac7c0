import { describe, expect, it } from "@jest/globals";
import { signInternalToken, verifyInternalToken } from "../../platform/auth/internal-token.js";

const secret = "s".repeat(40);
const identity = {
  viewer: { userId: "u1", workspaceId: "w1", role: "ADMIN" as const },
  requestId: "r1",
};

describe("the gateway's signed identity for subgraphs", () => {
  it("round-trips the viewer and request id", () => {
    expect(verifyInternalToken(secret, signInternalToken(secret, identity))).toEqual(identity);
  });

  it("rejects a missing, tampered, foreign or expired assertion", () => {
    const token = signInternalToken(secret, identity);
    const [payload, signature] = token.split(".");
    const otherPayload = Buffer.from(
      JSON.stringify({ u: "u1", w: "w2", r: "OWNER", rid: "", exp: 9e9 }),
    ).toString("base64url");
    expect(() => verifyInternalToken(secret, undefined)).toThrow(/missing/);
    expect(() => verifyInternalToken(secret, `${otherPayload}.${signature}`)).toThrow(/invalid/);
    expect(() => verifyInternalToken("t".repeat(40), token)).toThrow(/invalid/);
    expect(() => verifyInternalToken(secret, `${payload}`)).toThrow(/malformed/);
    const old = signInternalToken(secret, identity, Date.now() - 5 * 60_000);
    expect(() => verifyInternalToken(secret, old)).toThrow(/expired/);
  });
});
