import { describe, expect, it } from "@jest/globals";
import { sendgridConnector } from "../../connectors/sendgrid/sendgrid.connector.js";
import { useSendgridFixture } from "./support/sendgrid.fixture.js";

// SendGrid's refusals (keys, scopes, senders, bodies), each read as its kind of failure.
describe("the SendGrid connector against its sandbox", () => {
  const { sandbox, sg, ctx, api, failure, connection, email, sentWith } = useSendgridFixture();

  describe("errors, in SendGrid's wire format", () => {
    it("has no errors inside HTTP 200: every failure comes as a 4xx/5xx status", () => {
      const headers = new Headers();
      const body = { errors: [{ message: "would be an error", field: null }] };
      expect(sendgridConnector.classify({ status: 202, headers, body: "" }, "sendgrid")).toBe(
        undefined,
      );
      expect(sendgridConnector.classify({ status: 200, headers, body }, "sendgrid")).toBe(
        undefined,
      );
    });

    it("maps a key without mail.send to PERMISSION_DENIED", async () => {
      const account = sg().createAccount({ scopes: ["user.username.read"] });
      const error = await failure(sendgridConnector.verify(ctx(), connection(account)));
      expect(error).toMatchObject({
        kind: "PERMISSION_DENIED",
        details: { providerCode: "mail.send" },
      });
    });

    it("maps SendGrid's 403 access forbidden (a scope the key lacks) to PERMISSION_DENIED", async () => {
      const account = sg().createAccount({ scopes: ["mail.send"] });
      const error = await failure(sendgridConnector.verify(ctx(), connection(account)));
      expect(error).toMatchObject({ kind: "PERMISSION_DENIED", details: { providerCode: 403 } });
    });

    it("maps a from address that is not a verified sender (403, field from) to PERMISSION_DENIED", async () => {
      const account = sg().createAccount();
      const conn = connection({ apiKey: account.apiKey, fromEmail: "someone@unverified.example" });
      const error = await failure(sendgridConnector.send(ctx(), conn, email("a@example.com")));
      expect(error).toMatchObject({
        kind: "PERMISSION_DENIED",
        details: { providerCode: "403:from" },
      });
      expect(error.message).not.toContain("Sender Identity");
      sg().verifySender(account.apiKey, "someone@unverified.example");
      await expect(sendgridConnector.send(ctx(), conn, email("a@example.com"))).resolves.toEqual({
        providerMessageId: expect.any(String),
      });
    });

    it("renders the PERMISSION_DENIED fault as 403 access forbidden", async () => {
      const account = sg().createAccount();
      sandbox().host.inject("sendgrid", {
        kind: "PERMISSION_DENIED",
        match: { path: "/v3/mail/send" },
      });
      const error = await failure(
        sendgridConnector.send(ctx(), connection(account), email("b@example.com")),
      );
      expect(error).toMatchObject({ kind: "PERMISSION_DENIED", details: { providerCode: 403 } });
      expect(sentWith(account.apiKey)).toHaveLength(0);
    });

    it("maps an unknown key (401) to AUTH_REVOKED", async () => {
      const conn = connection({ apiKey: "SG.unknown.key", fromEmail: "x@example.com" });
      const error = await failure(sendgridConnector.verify(ctx(), conn));
      expect(error).toMatchObject({ kind: "AUTH_REVOKED", details: { providerCode: 401 } });
    });

    it("has no expiring keys: the expired-key fault is SendGrid's 401, AUTH_REVOKED, and the key stays refused", async () => {
      const account = sg().createAccount();
      sandbox().host.inject("sendgrid", { kind: "AUTH_EXPIRED", match: { path: "/v3/scopes" } });
      const first = await failure(sendgridConnector.verify(ctx(), connection(account)));
      expect(first.kind).toBe("AUTH_REVOKED");
      const again = await failure(sendgridConnector.verify(ctx(), connection(account)));
      expect(again).toMatchObject({ kind: "AUTH_REVOKED", details: { providerCode: 401 } });
    });

    it("maps a revoked key to AUTH_REVOKED, and what follows is refused too", async () => {
      const account = sg().createAccount();
      sandbox().host.inject("sendgrid", { kind: "AUTH_REVOKED", match: { path: "/v3/mail/send" } });
      const error = await failure(
        sendgridConnector.send(ctx(), connection(account), email("c@example.com")),
      );
      expect(error.kind).toBe("AUTH_REVOKED");
      expect(sentWith(account.apiKey)).toHaveLength(0);
      const later = await failure(sendgridConnector.verify(ctx(), connection(account)));
      expect(later.kind).toBe("AUTH_REVOKED");

      const other = sg().createAccount();
      sg().revokeKey(other.apiKey);
      expect((await failure(sendgridConnector.verify(ctx(), connection(other)))).kind).toBe(
        "AUTH_REVOKED",
      );
    });

    it("maps an invalid recipient (400 from the OpenAPI schema) to INVALID_REQUEST with SendGrid's field", async () => {
      const account = sg().createAccount();
      const error = await failure(
        sendgridConnector.send(ctx(), connection(account), email("not-an-address")),
      );
      expect(error).toMatchObject({
        kind: "INVALID_REQUEST",
        details: { providerCode: "400:personalizations.0.to.0.email" },
      });
      expect(sentWith(account.apiKey)).toHaveLength(0);
    });

    it("renders the INVALID_REQUEST fault as 400 Bad Request", async () => {
      const account = sg().createAccount();
      sandbox().host.inject("sendgrid", {
        kind: "INVALID_REQUEST",
        match: { path: "/v3/mail/send" },
      });
      const error = await failure(
        sendgridConnector.send(ctx(), connection(account), email("d@example.com")),
      );
      expect(error).toMatchObject({ kind: "INVALID_REQUEST", details: { providerCode: 400 } });
    });

    it("answers 415 to a body that is not JSON and 413 past 30 MB, both INVALID_REQUEST", async () => {
      const account = sg().createAccount();
      const post = async (body: string, type: string) => {
        const response = await fetch(api("/v3/mail/send"), {
          method: "POST",
          headers: { authorization: `Bearer ${account.apiKey}`, "content-type": type },
          body,
        });
        const parsed: unknown = await response.json();
        return { status: response.status, headers: response.headers, body: parsed };
      };
      const form = await post("to=a%40example.com&subject=hi", "application/x-www-form-urlencoded");
      expect(form).toMatchObject({
        status: 415,
        body: { errors: [{ message: "Content-Type should be application/json.", field: null }] },
      });
      const huge = await post(" ".repeat(31 * 1024 * 1024), "application/json");
      expect(huge).toMatchObject({
        status: 413,
        body: { errors: [{ message: "content too large" }] },
      });
      for (const response of [form, huge]) {
        expect(sendgridConnector.classify(response, "sendgrid")?.kind).toBe("INVALID_REQUEST");
      }
    });
  });
});
