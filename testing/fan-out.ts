/**
 * The fan-out playbook the execution tests and benchmarks run: one SMS per audience member,
 * `concurrency` at a time, each idempotent by the engine's per-item key.
 */
export function fanOutPlaybook(options: {
  concurrency: number;
  text: string;
  /** A step call's own deadline, when a test needs it short. */
  timeoutSeconds?: number;
}) {
  return {
    inputs: {
      audience: { type: "[Recipient]", required: true },
      connectionId: { type: "ID", required: true },
    },
    steps: [
      {
        id: "send",
        forEach: "{{ inputs.audience }}",
        concurrency: options.concurrency,
        ...(options.timeoutSeconds ? { timeoutSeconds: options.timeoutSeconds } : {}),
        operation: `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id status } }`,
        variables: {
          input: {
            connectionId: "{{ inputs.connectionId }}",
            to: "{{ item.to }}",
            text: options.text,
            idempotencyKey: "{{ idempotencyKey }}",
          },
        },
      },
    ],
  };
}

/** `count` distinct recipients, numbered from `offset`. */
export function fanOutAudience(count: number, offset = 0, prefix = "+1650") {
  return Array.from({ length: count }, (_, i) => ({
    to: `${prefix}${String(offset + i).padStart(7, "0")}`,
  }));
}
