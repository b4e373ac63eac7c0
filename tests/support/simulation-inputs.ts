import {
  SimulationInputError,
  type SimulationChannelInput,
  type SimulationInput,
} from "../../subgraphs/orchestration/simulation/simulate.js";

/** One campaign on every channel, as the simulation tests forecast it. */
export const campaign: SimulationInput = {
  channels: [
    { channel: "SMS", audienceSize: 10_000, currency: "USD" },
    { channel: "WHATSAPP", audienceSize: 5_000, currency: "USD" },
    { channel: "EMAIL", audienceSize: 50_000, currency: "USD" },
    { channel: "SLACK", audienceSize: 300, currency: "USD" },
    { channel: "SOCIAL", posts: 12, currency: "USD" },
    { channel: "ADS", budgetMicros: 250_000_000, currency: "USD" },
  ],
};

/** The SimulationInputError's field for `run`, or a marker when it throws nothing or else. */
export function failingField(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof SimulationInputError ? error.field : `other error: ${String(error)}`;
  }
  return "no error";
}

/** A one-SMS campaign with `entry` patched into its channel. */
export function withChannel(entry: Partial<SimulationChannelInput>): SimulationInput {
  return { channels: [{ channel: "SMS", audienceSize: 100, currency: "USD", ...entry }] };
}
