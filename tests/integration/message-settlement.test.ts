import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Client } from "graphql-ws";
import { TWILIO_DEMO_SANDBOX } from "../../connectors/twilio/twilio.demo.js";
import { ExecutionItem, Message } from "../../orm/entities/index.js";
import { STALE_MESSAGE_QUEUE } from "../../subgraphs/messaging/message/stale-message-sweep.js";
import { runPeriodicTaskNow } from "../../subgraphs/orchestration/engine/periodic-tasks.js";
import {
  connectOAuth,
  connectWithCredentials,
  eventually,
  sandboxesOf,
  sendMessage,
} from "../support/connections.js";
import { createAgent, startExecution, watchExecution, wsClient } from "../support/executions.js";
import { makeWorkspace } from "../support/factories.js";
import {
  countSettlingWrites,
  startMessageWriteOutage,
  type SettlingWrites,
} from "../support/message-write-outage.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

const SETTLED_WITHIN_MS = 30_000;

// The provider took a message but the database was cut before its answer was recorded, and the
// status callbacks sent meanwhile were refused: the message still ends in the provider's state,
// recorded once, by the retry of its send or by the scheduled sweep; never sent twice.
describe("messages whose provider answer was never recorded", () => {
  let t: TestStack;
  let token: string;
  let workspaceId: string;
  let twilio: string;
  let twilioAccount: { accountSid: string; authToken: string; fromNumber: string };
  let whatsapp: string;
  let slack: string;
  let client: Client;
  let settling: SettlingWrites;
  let sequence = 0;
  const key = () => `settle-${(sequence += 1)}`;

  const sandboxes = () => sandboxesOf(t);
  const twilioSent = () => sandboxes().sandboxes.twilio.sentMessages(twilioAccount.accountSid);
  const row = (idempotencyKey: string) =>
    t.orm.em.fork().findOneOrFail(Message, { workspace: workspaceId, idempotencyKey });
  /** The database write after the provider call fails, and the callbacks meanwhile are lost. */
  const sendDuringOutage = async (
    input: Record<string, unknown> & { to: string; idempotencyKey: string },
  ) => {
    const outage = await startMessageWriteOutage(t.orm, input.to);
    try {
      const lost = await sendMessage(t, token, input);
      expect(lost.errors?.length).toBeGreaterThan(0);
      await sandboxes().webhooks.settled();
    } finally {
      await outage.end();
    }
    const recorded = await row(input.idempotencyKey);
    expect(recorded).toMatchObject({ status: "QUEUED", providerMessageId: null, errorCode: null });
    return recorded;
  };
  /** The sender's lease runs out (it outlives every retry of a send: minutes). */
  const leaseRunsOut = (id: string) =>
    t.orm.em
      .getConnection()
      .execute(`update message set lease_until = now() - interval '1 second' where id = ?`, [id]);
  const sweep = () => runPeriodicTaskNow(t.stack.executions.queue, { queue: STALE_MESSAGE_QUEUE });

  beforeAll(async () => {
    t = await startTestStack();
    workspaceId = (await makeWorkspace(t.orm)).id;
    token = await t.tokenFor(workspaceId);
    twilioAccount = sandboxes().sandboxes.twilio.createAccount();
    twilio = await connectWithCredentials(t, token, "twilio", { ...twilioAccount });
    const wa = sandboxes().sandboxes.whatsapp.createAccount();
    whatsapp = await connectWithCredentials(t, token, "whatsapp", {
      accessToken: wa.accessToken,
      phoneNumberId: wa.phoneNumberId,
    });
    slack = await connectOAuth(t, token, "slack");
    client = wsClient(t, token);
    settling = await countSettlingWrites(t.orm);
  });
  afterAll(async () => {
    await settling?.stop();
    await client?.dispose();
    await t?.stop();
  });

  it("the retry asks Twilio and answers with its state, recorded once, with one send", async () => {
    const input = {
      connectionId: twilio,
      to: "+14155550171",
      text: "Accepted while the database was away",
      idempotencyKey: key(),
    };
    const recorded = await sendDuringOutage(input);
    const [sent, ...more] = twilioSent().filter(message => message.to === input.to);
    expect(more).toEqual([]);
    expect(sent!.status).toBe("delivered");
    // Two retries at once: both look the message up; one of them records it.
    const retries = await Promise.all([1, 2].map(() => sendMessage(t, token, input)));
    for (const retry of retries) {
      expect(retry.errors).toBeUndefined();
      expect(retry.data!.sendMessage).toMatchObject({
        id: recorded.id,
        status: "DELIVERED",
        providerMessageId: sent!.sid,
        attempts: 1,
        error: null,
      });
    }
    expect(await settling.count(recorded.id)).toBe(1);
    const requests = sandboxes().requests.length;
    const again = await sendMessage(t, token, input);
    expect(again.data!.sendMessage).toMatchObject({
      status: "DELIVERED",
      providerMessageId: sent!.sid,
    });
    expect(sandboxes().requests.length).toBe(requests);
    expect(twilioSent().filter(message => message.to === input.to)).toHaveLength(1);
  });

  it.each([
    ["LIVE", "+14155550172"],
    ["DRY_RUN", "+14155550175"],
  ])("a %s execution's step retries and its result is Twilio's state", async (mode, to) => {
    // A dry run sends with the sandbox's demo account, and is looked up with it too.
    const accountSid =
      mode === "DRY_RUN" ? TWILIO_DEMO_SANDBOX.accountSid : twilioAccount.accountSid;
    const sentTo = () =>
      sandboxes()
        .sandboxes.twilio.sentMessages(accountSid)
        .filter(message => message.to === to);
    const agentId = await createAgent(t, token, {
      inputs: {
        connectionId: { type: "ID", required: true },
        to: { type: "String", required: true },
      },
      steps: [
        {
          id: "notify",
          retry: { maxAttempts: 10, backoffSeconds: 1 },
          operation: `mutation Send($input: SendMessageInput!) {
            sendMessage(input: $input) { id status providerMessageId }
          }`,
          variables: {
            input: {
              connectionId: "{{ inputs.connectionId }}",
              to: "{{ inputs.to }}",
              text: "Your order shipped",
              idempotencyKey: "{{ idempotencyKey }}",
            },
          },
        },
      ],
    });
    const outage = await startMessageWriteOutage(t.orm, to);
    let executionId: string;
    try {
      executionId = await startExecution(t, token, {
        agentId,
        inputs: { connectionId: twilio, to },
        mode,
      });
      const watched = watchExecution(client, executionId);
      await eventually(
        () => watched.events.some(event => event.type === "STEP_RETRYING"),
        SETTLED_WITHIN_MS,
      );
      watched.stop();
      await eventually(() => sentTo().length > 0, SETTLED_WITHIN_MS);
      await sandboxes().webhooks.settled();
    } finally {
      await outage.end();
    }
    const finished = watchExecution(client, executionId!);
    await finished.done;
    expect(finished.events.at(-1)!.type).toBe("EXECUTION_SUCCEEDED");
    const [sent, ...more] = sentTo();
    expect(more).toEqual([]);
    const item = await t.orm.em.fork().findOneOrFail(ExecutionItem, { execution: executionId! });
    expect(item.output).toMatchObject({
      sendMessage: { status: "DELIVERED", providerMessageId: sent!.sid },
    });
    const message = await t.orm.em.fork().findOneOrFail(Message, { recipient: to });
    expect(message).toMatchObject({
      status: "DELIVERED",
      providerMessageId: sent!.sid,
      dryRun: mode === "DRY_RUN",
    });
    expect(await settling.count(message.id)).toBe(1);
  });

  it("WhatsApp has no lookup: once the lease runs out the retry records UNKNOWN_OUTCOME, never resends", async () => {
    const accepted = () => sandboxes().sandboxes.whatsapp.accepted.length;
    const before = accepted();
    const input = {
      connectionId: whatsapp,
      to: "+14155550173",
      text: "Hello",
      idempotencyKey: key(),
    };
    const recorded = await sendDuringOutage(input);
    expect(accepted()).toBe(before + 1);
    // While the sender's lease lasts, the send may still be in flight: it is left as it is.
    expect((await sendMessage(t, token, input)).data!.sendMessage).toMatchObject({
      status: "QUEUED",
      error: null,
    });
    await leaseRunsOut(recorded.id);
    const retried = await sendMessage(t, token, input);
    expect(retried.data!.sendMessage).toMatchObject({
      id: recorded.id,
      status: "QUEUED",
      providerMessageId: null,
      error: { code: "UNKNOWN_OUTCOME" },
    });
    expect(accepted()).toBe(before + 1);
  });

  it("the scheduled sweep settles a stale message with no retry at all (Slack)", async () => {
    expect(await t.stack.executions.queue.boss.getSchedule(STALE_MESSAGE_QUEUE)).toMatchObject({
      cron: "* * * * *",
    });
    const recorded = await sendDuringOutage({
      connectionId: slack,
      to: "C0SANDBOX01",
      text: "Posted while the database was away",
      idempotencyKey: key(),
    });
    const posts = () =>
      sandboxes().sandboxes.slack.posted.filter(post => {
        const payload = post.metadata?.event_payload as { message_id?: string } | undefined;
        return payload?.message_id === recorded.id;
      });
    expect(posts()).toHaveLength(1);
    await leaseRunsOut(recorded.id);
    await sweep();
    const settled = await eventually(async () => {
      const now = await row(recorded.idempotencyKey!);
      return now.providerMessageId ? now : undefined;
    }, SETTLED_WITHIN_MS);
    expect(settled).toMatchObject({
      status: "SENT",
      providerMessageId: `C0SANDBOX01:${posts()[0]!.ts}`,
      errorCode: null,
      leaseUntil: null,
    });
    expect(await settling.count(recorded.id)).toBe(1);
    expect(posts()).toHaveLength(1);
  });

  it("a message Twilio never took is released by the sweep, and its key then sends it once", async () => {
    const to = "+14155550174";
    sandboxes().inject(
      "twilio",
      { kind: "UNAVAILABLE", match: { method: "POST", path: "Messages.json" } },
      10,
    );
    const input = { connectionId: twilio, to, text: "Never reached Twilio", idempotencyKey: key() };
    let recorded: Message;
    try {
      // Twilio refuses (503, nothing sent), and recording that refusal fails too.
      recorded = await sendDuringOutage(input);
    } finally {
      sandboxes().clearFaults("twilio");
    }
    await leaseRunsOut(recorded.id);
    await sweep();
    const released = await eventually(async () => {
      const now = await row(input.idempotencyKey);
      return now.errorCode ? now : undefined;
    }, SETTLED_WITHIN_MS);
    expect(released).toMatchObject({
      status: "QUEUED",
      errorCode: "UNAVAILABLE",
      leaseUntil: null,
    });
    expect(twilioSent().filter(message => message.to === to)).toEqual([]);
    const sent = await sendMessage(t, token, input);
    expect(sent.data!.sendMessage).toMatchObject({ id: recorded.id, status: "SENT", attempts: 2 });
    expect(twilioSent().filter(message => message.to === to)).toHaveLength(1);
  });
});
