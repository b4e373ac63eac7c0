// The demo workspace's playbooks: an SMS outreach agent and a campaign that runs the same send,
// both ready to start through the Twilio sandbox's demo account (checked against the supergraph
// by tests/integration/demo-seed.test.ts, as a save through the API would be).

const SEND_SMS = `mutation SendSms($input: SendMessageInput!) {
  sendMessage(input: $input) { id status }
}`;

/** Sandbox numbers the simulation decides deliveries for (none ends in 9999). */
export const DEMO_AUDIENCE = [
  { to: "+14155550101", name: "Ada" },
  { to: "+14155550102", name: "Grace" },
  { to: "+14155550103", name: "Linus" },
];

function sendStep(connectionId: string, text: string, campaignId?: string) {
  return {
    id: "send",
    forEach: "{{ inputs.audience }}",
    concurrency: 5,
    timeoutSeconds: 30,
    retry: { maxAttempts: 3, backoffSeconds: 2 },
    operation: SEND_SMS,
    variables: {
      input: {
        connectionId,
        to: "{{ item.to }}",
        text,
        ...(campaignId ? { campaignId } : {}),
        idempotencyKey: "{{ idempotencyKey }}",
      },
    },
  };
}

/** The agent's playbook and default inputs: start it with no inputs and it texts the audience. */
export function smsOutreachAgent(twilioConnectionId: string) {
  return {
    playbook: {
      inputs: {
        audience: { type: "[Recipient]", required: true },
        connectionId: { type: "ID", required: true },
      },
      steps: [
        sendStep("{{ inputs.connectionId }}", "Hi {{ item.name }}, thanks for being with us!"),
      ],
    },
    defaultInputs: { audience: DEMO_AUDIENCE, connectionId: twilioConnectionId },
  };
}

/** A campaign's playbook: runs with its `audience` and `campaignId` as inputs. */
export function campaignSmsPlaybook(twilioConnectionId: string, campaignName: string) {
  return {
    inputs: {
      audience: { type: "[Recipient]", required: true },
      campaignId: { type: "ID", required: true },
    },
    steps: [
      sendStep(
        twilioConnectionId,
        `Hi {{ item.name }}: ${campaignName} starts now.`,
        "{{ inputs.campaignId }}",
      ),
    ],
  };
}
