import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";
import {
  createTwilioSandbox,
  type TwilioSandboxAccount,
} from "../../connectors/twilio/twilio.sandbox.js";
import { startSandbox, type RunningSandbox } from "../support/sandbox.js";

/**
 * The official SDK (`twilio`) against the sandbox: its requests and Twilio's answers as the SDK
 * reads them. The SDK has no base URL option; a RequestClient subclass moves api.twilio.com
 * to the sandbox, the way `ClientOpts.httpClient` is meant to be used.
 */
class SandboxRequestClient extends twilio.RequestClient {
  constructor(private readonly sandboxUrl: string) {
    super({ timeout: 2_000, keepAlive: false });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = opts.uri.replace(/^https:\/\/api\.twilio\.com/, this.sandboxUrl);
    return super.request({ ...opts, uri });
  }
}

describe("the official Twilio SDK against the sandbox", () => {
  let sandbox: RunningSandbox<{ twilio: typeof createTwilioSandbox }>;
  let account: TwilioSandboxAccount;
  let client: twilio.Twilio;

  beforeAll(async () => {
    sandbox = await startSandbox({ twilio: createTwilioSandbox });
    account = sandbox.host.sandboxes.twilio.createAccount({ friendlyName: "SDK account" });
    client = twilio(account.accountSid, account.authToken, {
      httpClient: new SandboxRequestClient(sandbox.configs.twilio.apiBaseUrl),
    });
  });
  afterAll(() => sandbox.close());

  it("creates a message, then fetches it", async () => {
    const created = await client.messages.create({
      to: "+14155550170",
      from: account.fromNumber,
      body: "Hello from the SDK",
    });
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(created).toMatchObject({
      accountSid: account.accountSid,
      to: "+14155550170",
      from: account.fromNumber,
      body: "Hello from the SDK",
      status: "queued",
      numSegments: "1",
    });
    expect(created.dateCreated).toBeInstanceOf(Date);

    const fetched = await client.messages(created.sid).fetch();
    expect(fetched).toMatchObject({ sid: created.sid, body: "Hello from the SDK" });
    expect(sandbox.host.sandboxes.twilio.sentMessages(account.accountSid)).toHaveLength(1);
  });

  it("reads an invalid To as the SDK's RestException with code 21211", async () => {
    const error = await client.messages
      .create({ to: "not-a-number", from: account.fromNumber, body: "hi" })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(twilio.RestException);
    expect(error).toMatchObject({
      status: 400,
      code: 21211,
      moreInfo: "https://www.twilio.com/docs/errors/21211",
    });
  });

  it("pages through messages with the SDK's own next_page_uri handling", async () => {
    for (const body of ["one", "two", "three"]) {
      await client.messages.create({ to: "+14155550171", from: account.fromNumber, body });
    }
    const listed = await client.messages.list({ to: "+14155550171", pageSize: 2 });
    expect(listed.map(message => message.body)).toEqual(["three", "two", "one"]);
  });
});
