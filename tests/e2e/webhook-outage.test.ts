import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { signTwilio } from "../../connectors/twilio/twilio.webhooks.js";
import { WebhookEvent } from "../../orm/entities/index.js";
import { connectWithCredentials, sandboxesOf } from "../support/connections.js";
import { makeWorkspace } from "../support/factories.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

/**
 * A provider's callback that arrives while its event cannot be stored (the database refuses the
 * write) is answered with a status providers retry on, never a bare 500; the retry is stored and
 * processed once the database takes writes again.
 */
describe("a webhook the database cannot store", () => {
  let t: TestStack;
  let admin: pg.Client;
  let account: { accountSid: string; authToken: string; fromNumber: string };
  let connectionId: string;

  beforeAll(async () => {
    t = await startTestStack();
    const token = await t.tokenFor((await makeWorkspace(t.orm)).id);
    account = sandboxesOf(t).sandboxes.twilio.createAccount();
    connectionId = await connectWithCredentials(t, token, "twilio", { ...account });
    admin = new pg.Client({ connectionString: String(t.orm.config.get("clientUrl")) });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await t.stop();
  });

  const inbound = (from: string) => {
    const url = `${t.stack.publicUrl}/webhooks/twilio/${connectionId}`;
    const params = {
      MessageSid: `SM${randomBytes(16).toString("hex")}`,
      From: from,
      To: account.fromNumber,
      Body: "STOP",
    };
    const idempotency = randomBytes(8).toString("hex");
    return () =>
      fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signTwilio(account.authToken, url, params),
          "i-twilio-idempotency-token": idempotency,
        },
        body: new URLSearchParams(params),
      });
  };

  it("answers 503 with Retry-After while the write fails, and stores and applies the retry", async () => {
    const name = `test_refuse_${randomBytes(4).toString("hex")}`;
    await admin.query(`create function ${name}() returns trigger language plpgsql as $$
      begin raise exception 'the database is unreachable (test outage)'; end $$`);
    await admin.query(
      `create trigger ${name} before insert on webhook_event for each row execute function ${name}()`,
    );
    const send = inbound("+14155550191");
    const refused = await send();
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect(await refused.text()).not.toMatch(/exception|outage|stack/i);

    await admin.query(`drop trigger ${name} on webhook_event`);
    await admin.query(`drop function ${name}()`);
    const retried = await send();
    expect(retried.status).toBe(200);
    const stored = await t.orm.em
      .fork()
      .find(WebhookEvent, { provider: "twilio", connectionId } as never);
    expect(stored.map(event => event.status)).toEqual(["PROCESSED"]);
    const suppressed = await t.orm.em
      .fork()
      .getConnection()
      .execute(`select address from suppression where address = '+14155550191'`);
    expect(suppressed).toHaveLength(1);
  });
});
