import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { Client } from "@sendgrid/client";
import { createSendgridSandbox } from "../../connectors/sendgrid/sendgrid.sandbox.js";
import { startSandbox, type RunningSandbox } from "../support/sandbox.js";

const factories = { sendgrid: createSendgridSandbox };

/** The official SDK (@sendgrid/client) pointed at the sandbox: the sandbox must satisfy it too. */
describe("the official SendGrid SDK against the sandbox", () => {
  let sandbox: RunningSandbox<typeof factories>;

  beforeAll(async () => {
    sandbox = await startSandbox(factories);
  });
  afterAll(() => sandbox.close());

  function sdkFor(apiKey: string) {
    const client = new Client();
    // Order matters: setApiKey resets baseUrl to the region's host.
    client.setApiKey(apiKey);
    client.setDefaultRequest("baseUrl", `${sandbox.configs.sendgrid.apiBaseUrl}/`);
    return client;
  }

  it("sends through POST /v3/mail/send: 202 with x-message-id", async () => {
    const account = sandbox.host.sandboxes.sendgrid.createAccount();
    const [response, body] = await sdkFor(account.apiKey).request({
      method: "POST",
      url: "/v3/mail/send",
      body: {
        personalizations: [
          { to: [{ email: "ada@example.com" }], custom_args: { crosscast_message_id: "sdk-1" } },
        ],
        from: { email: account.fromEmail, name: "SDK" },
        subject: "From the SDK",
        content: [{ type: "text/plain", value: "Hello" }],
      },
    });
    expect(response.statusCode).toBe(202);
    expect(body).toBe("");
    const sent = sandbox.host.sandboxes.sendgrid.sent.filter(m => m.apiKey === account.apiKey);
    expect(sent).toHaveLength(1);
    expect(response.headers["x-message-id"]).toBe(sent[0]!.xMessageId);
    expect(sent[0]!.customArgs).toEqual({ crosscast_message_id: "sdk-1" });
  });

  it("reads scopes and the username like the real API", async () => {
    const account = sandbox.host.sandboxes.sendgrid.createAccount({ username: "sdk-user" });
    const client = sdkFor(account.apiKey);
    const [, scopes] = await client.request({ method: "GET", url: "/v3/scopes" });
    expect(scopes).toEqual({ scopes: expect.arrayContaining(["mail.send"]) });
    const [, user] = await client.request({ method: "GET", url: "/v3/user/username" });
    expect(user).toEqual({ username: "sdk-user", user_id: account.userId });
  });

  it("comes back as the SDK's ResponseError with response.body.errors when refused", async () => {
    const account = sandbox.host.sandboxes.sendgrid.createAccount();
    const refused = await sdkFor(account.apiKey)
      .request({
        method: "POST",
        url: "/v3/mail/send",
        body: {
          personalizations: [{ to: [{ email: "ada@example.com" }] }],
          from: { email: "nobody@unverified.example" },
          subject: "Hi",
          content: [{ type: "text/plain", value: "Hello" }],
        },
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toMatchObject({
      code: 403,
      response: { body: { errors: [{ field: "from", help: null }] } },
    });

    const unauthorized = await sdkFor("SG.not.a-key")
      .request({ method: "GET", url: "/v3/scopes" })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(unauthorized).toMatchObject({
      code: 401,
      response: {
        body: {
          errors: [{ message: "The provided authorization grant is invalid, expired, or revoked" }],
        },
      },
    });
  });
});
