import { describe, expect, it } from "@jest/globals";
import {
  simulateCampaign,
  type SimulationChannelInput,
  type SimulationOptions,
} from "../../../subgraphs/orchestration/simulation/simulate.js";
import { failingField, withChannel } from "../../support/simulation-inputs.js";

describe("input validation", () => {
  const sms = withChannel({});
  const email: SimulationChannelInput = { channel: "EMAIL", audienceSize: 1, currency: "USD" };
  const ads = { channel: "ADS", audienceSize: null } as const;
  /** One bad field each: an entry patched into a one-SMS campaign, channels, or options. */
  const cases: {
    field: string;
    entry?: Partial<SimulationChannelInput>;
    channels?: SimulationChannelInput[];
    options?: Partial<SimulationOptions>;
  }[] = [
    { field: "runs", options: { runs: 0 } },
    { field: "runs", options: { runs: 10_001 } },
    { field: "runs", options: { runs: 2.5 } },
    { field: "seed", options: { seed: 1.5 } },
    { field: "seed", options: { seed: "x".repeat(1_001) } },
    { field: "channels", channels: [] },
    { field: "channels[0].audienceSize", entry: { audienceSize: -1 } },
    { field: "channels[0].audienceSize", entry: { audienceSize: 0.5 } },
    { field: "channels[0].audienceSize", entry: { audienceSize: null } },
    { field: "channels[0].audienceSize", entry: { audienceSize: 2 ** 53 } },
    { field: "channels[0].posts", entry: { posts: 3 } },
    { field: "channels[0].posts", entry: { channel: "SOCIAL", audienceSize: null, posts: 1_001 } },
    { field: "channels[0].budgetMicros", entry: ads },
    {
      field: "channels[0].budgetMicros",
      entry: { ...ads, budgetMicros: Number.MAX_SAFE_INTEGER },
      options: { rates: { ADS: { cpmMicros: 1 } } },
    },
    { field: "channels[0].channel", entry: { channel: "FAX" as "SMS" } },
    { field: "channels[0].currency", entry: { currency: "usd" } },
    { field: "channels[1].currency", channels: [...sms.channels, { ...email, currency: "EUR" }] },
    { field: "channels[1].channel", channels: [...sms.channels, ...sms.channels] },
    { field: "rates.SMS.openRate", options: { rates: { SMS: { openRate: 1.5 } } } },
    { field: "rates.SMS.openRate", options: { rates: { SMS: { openRate: Number.NaN } } } },
    {
      field: "rates.SMS.costPerMessageMicros",
      options: { rates: { SMS: { costPerMessageMicros: -1 } } },
    },
    { field: "rates.ADS.cpmMicros", options: { rates: { ADS: { cpmMicros: 0 } } } },
    {
      field: "rates.SOCIAL.meanReachPerPost",
      options: { rates: { SOCIAL: { meanReachPerPost: 10.5 } } },
    },
    { field: "rates.SMS.cpmMicros", options: { rates: { SMS: { cpmMicros: 5 } as never } } },
    { field: "rates.FAX", options: { rates: { FAX: {} } as never } },
  ];

  it.each(cases)("rejects a bad $field with a SimulationInputError naming it", bad => {
    const input = bad.channels ? { channels: bad.channels } : withChannel(bad.entry ?? {});
    const run = () => simulateCampaign(input, { seed: 1, runs: 1, ...bad.options });
    expect(failingField(run)).toBe(bad.field);
  });

  it("throws a plain Error subclass whose message names the field", () => {
    const run = () => simulateCampaign(sms, { seed: 1, runs: 0 });
    expect(run).toThrow(Error);
    expect(run).toThrow(/^runs: must be a whole number from 1 to 10000$/);
  });
});
