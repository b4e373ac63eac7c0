import { describe, expect, it } from "@jest/globals";
import {
  DEFAULT_RATES,
  resolveChannelRates,
} from "../../../subgraphs/orchestration/simulation/channel-rates.js";
import { createSimulatedDeliveryModel } from "../../../subgraphs/orchestration/simulation/delivery-decider.js";
import {
  expectedFunnel,
  FUNNEL_STAGES,
  nearestRank,
  runFunnel,
  type ChannelVolume,
  type Funnel,
} from "../../../subgraphs/orchestration/simulation/funnel.js";
import { Prng } from "../../../subgraphs/orchestration/simulation/prng.js";
import {
  simulateCampaign,
  SimulationInputError,
  type SimulationChannelInput,
  type SimulationInput,
  type SimulationOptions,
} from "../../../subgraphs/orchestration/simulation/simulate.js";

const campaign: SimulationInput = {
  channels: [
    { channel: "SMS", audienceSize: 10_000, currency: "USD" },
    { channel: "WHATSAPP", audienceSize: 5_000, currency: "USD" },
    { channel: "EMAIL", audienceSize: 50_000, currency: "USD" },
    { channel: "SLACK", audienceSize: 300, currency: "USD" },
    { channel: "SOCIAL", posts: 12, currency: "USD" },
    { channel: "ADS", budgetMicros: 250_000_000, currency: "USD" },
  ],
};

/** A golden forecast, computed once: any machine or engine must reproduce it exactly. */
const GOLDEN_P50: Funnel[] = [
  { sent: 1000, delivered: 970, opened: 872, clicked: 69, converted: 2, spendMicros: 7_900_000 },
  {
    sent: 50_000,
    delivered: 48_982,
    opened: 12_226,
    clicked: 1221,
    converted: 26,
    spendMicros: 50_000_000,
  },
  { sent: 3, delivered: 1689, opened: 1689, clicked: 28, converted: 0, spendMicros: 0 },
];
const GOLDEN_TOTAL_P90: Funnel = {
  sent: 51_003,
  delivered: 52_304,
  opened: 15_391,
  clicked: 1366,
  converted: 34,
  spendMicros: 57_900_000,
};

/** The SimulationInputError's field for `run`, or a marker when it throws nothing or else. */
function failingField(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof SimulationInputError ? error.field : `other error: ${String(error)}`;
  }
  return "no error";
}

function withChannel(entry: Partial<SimulationChannelInput>): SimulationInput {
  return { channels: [{ channel: "SMS", audienceSize: 100, currency: "USD", ...entry }] };
}

describe("simulateCampaign", () => {
  it("is deterministic: same seed, same output; another seed, another output", () => {
    const first = simulateCampaign(campaign, { seed: "launch", runs: 200 });
    expect(simulateCampaign(campaign, { seed: "launch", runs: 200 })).toEqual(first);
    expect(simulateCampaign(campaign, { seed: "relaunch", runs: 200 })).not.toEqual(first);
    expect(simulateCampaign(campaign, { seed: 7, runs: 50 })).toEqual(
      simulateCampaign(campaign, { seed: "7", runs: 50 }),
    );
  });

  it("pins a small forecast (golden: a change in any sampler shows up here)", () => {
    // Inversion (SMS), the normal approximation (EMAIL) and per-post reach (SOCIAL) all feed it.
    const small: SimulationInput = {
      channels: [
        { channel: "SMS", audienceSize: 1_000, currency: "USD" },
        { channel: "EMAIL", audienceSize: 50_000, currency: "USD" },
        { channel: "SOCIAL", posts: 3, currency: "USD" },
      ],
    };
    const result = simulateCampaign(small, { seed: "golden", runs: 25 });
    expect(result.channels.map(forecast => forecast.p50)).toEqual(GOLDEN_P50);
    expect(result.total.p90).toEqual(GOLDEN_TOTAL_P90);
  });

  it("keeps a channel's forecast when another channel is added", () => {
    const alone = simulateCampaign(
      { channels: campaign.channels.slice(0, 1) },
      { seed: 3, runs: 100 },
    );
    const together = simulateCampaign(campaign, { seed: 3, runs: 100 });
    expect(together.channels[0]).toEqual(alone.channels[0]);
  });

  it("orders p10 ≤ p50 ≤ p90 for every stage, channel and the total", () => {
    const result = simulateCampaign(campaign, { seed: "order", runs: 500 });
    for (const forecast of [...result.channels, result.total]) {
      for (const stage of FUNNEL_STAGES) {
        expect(forecast.p10[stage]).toBeLessThanOrEqual(forecast.p50[stage]);
        expect(forecast.p50[stage]).toBeLessThanOrEqual(forecast.p90[stage]);
      }
    }
    const summed = result.channels.reduce((sum, c) => sum + c.expected.converted, 0);
    expect(result.total.expected.converted).toBeCloseTo(summed, 9);
    expect(result).toMatchObject({ seed: "order", runs: 500, currency: "USD" });
  });

  it("forecasts the exact expectations for deterministic stages", () => {
    const result = simulateCampaign(campaign, { seed: "exact", runs: 10 });
    const [sms, , , , social, ads] = result.channels;
    expect(sms?.expected.sent).toBe(10_000);
    expect(sms?.expected.spendMicros).toBe(10_000 * 7_900);
    expect(social?.expected).toMatchObject({ sent: 12, delivered: 6_000, spendMicros: 0 });
    // $250 at an $8 CPM: 31,250 impressions, the whole budget spent.
    expect(ads?.expected).toMatchObject({ sent: 31_250, opened: 31_250, spendMicros: 250_000_000 });
  });
});

describe("one funnel run", () => {
  const rates = resolveChannelRates();
  const volumes: ChannelVolume[] = [
    { channel: "SMS", audienceSize: 10_000 },
    { channel: "EMAIL", audienceSize: 50_000 },
    { channel: "SOCIAL", posts: 12 },
    { channel: "ADS", budgetMicros: 250_000_000, reachCap: 20_000 },
  ];

  it.each(volumes)(
    "$channel: every stage's mean over runs is within 4 standard errors of its expectation",
    volume => {
      const runs = 3_000;
      const root = Prng.fromSeed("means");
      const funnels: Funnel[] = Array.from({ length: runs }, (_, run) =>
        runFunnel(volume, rates, root.child("run", run)),
      );
      const expected = expectedFunnel(volume, rates);
      for (const stage of FUNNEL_STAGES) {
        const values = funnels.map(funnel => funnel[stage]);
        const mean = values.reduce((sum, value) => sum + value, 0) / runs;
        const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (runs - 1);
        // The standard error of the mean comes from the runs' own variance; a stage without
        // variance (sent, spend) must match exactly.
        const tolerance = 4 * Math.sqrt(variance / runs);
        expect({ stage, gap: Math.abs(mean - expected[stage]) <= tolerance }).toEqual({
          stage,
          gap: true,
        });
      }
    },
  );
});

describe("ads spend", () => {
  it("never exceeds the budget, whatever the budget, CPM and reach", () => {
    const budgets = [0, 1, 999, 1_234_567, 250_000_000, 7_777_777_777];
    const cpms = [13, 3_333, 7_999_999, 8_000_000, 12_345_678];
    for (const budgetMicros of budgets) {
      for (const cpmMicros of cpms) {
        for (const audienceSize of [undefined, 0, 10, 1_000_000]) {
          const input = {
            channels: [{ channel: "ADS" as const, budgetMicros, audienceSize, currency: "USD" }],
          };
          const result = simulateCampaign(input, {
            seed: 1,
            runs: 3,
            rates: { ADS: { cpmMicros } },
          });
          const ads = result.channels[0];
          expect(ads?.expected.spendMicros).toBeLessThanOrEqual(budgetMicros);
          expect(ads?.p90.spendMicros).toBeLessThanOrEqual(budgetMicros);
          expect(ads?.expected.sent).toBeLessThanOrEqual(audienceSize ?? Number.MAX_SAFE_INTEGER);
        }
      }
    }
  });
});

describe("rate overrides", () => {
  it("change the overridden channel only, in the expectation and in the runs", () => {
    const rates = { SMS: { deliveryRate: 0.5, costPerMessageMicros: 10_000 } };
    const base = simulateCampaign(campaign, { seed: "rates", runs: 400 });
    const overridden = simulateCampaign(campaign, { seed: "rates", runs: 400, rates });
    const sms = overridden.channels[0];
    expect(sms?.expected.delivered).toBe(5_000);
    expect(sms?.expected.opened).toBeCloseTo(5_000 * DEFAULT_RATES.SMS.openRate, 9);
    expect(sms?.expected.spendMicros).toBe(100_000_000);
    // Bin(10,000, 1/2): standard deviation 50; the median sits well within 4 of them.
    expect(Math.abs((sms?.p50.delivered ?? 0) - 5_000)).toBeLessThan(4 * 50);
    expect(overridden.channels.slice(1)).toEqual(base.channels.slice(1));
  });

  it("let a campaign in another currency give its own prices, and require them", () => {
    const euros = { channels: [{ channel: "SMS" as const, audienceSize: 10, currency: "EUR" }] };
    expect(failingField(() => simulateCampaign(euros, { seed: 1, runs: 1 }))).toBe(
      "rates.SMS.costPerMessageMicros",
    );
    const rates = { SMS: { costPerMessageMicros: 7_000 } };
    const result = simulateCampaign(euros, { seed: 1, runs: 1, rates });
    expect(result.currency).toBe("EUR");
    expect(result.total.expected.spendMicros).toBe(70_000);
  });
});

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

describe("nearest-rank percentiles", () => {
  it("take the value at rank ceil(P·N/100) of the sorted runs", () => {
    const tenValues = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([10, 50, 90].map(p => nearestRank(tenValues, p))).toEqual([1, 5, 9]);
    expect([10, 50, 90].map(p => nearestRank([4, 5, 6], p))).toEqual([4, 5, 6]);
    expect([10, 50, 90].map(p => nearestRank([42], p))).toEqual([42, 42, 42]);
  });
});

describe("the simulated sandbox delivery model", () => {
  const recipients = Array.from(
    { length: 20_000 },
    (_, index) => `+1555${String(index).padStart(7, "0")}`,
  );
  const decideAll = (seed: string, rates?: { SMS: { deliveryRate: number } }, count = 20_000) => {
    const model = createSimulatedDeliveryModel(seed, rates);
    return recipients
      .slice(0, count)
      .map((recipient, index) =>
        model.decide({ provider: "twilio", channel: "SMS", recipient, messageId: `m-${index}` }),
      );
  };

  it("decides per recipient, the same on every call and for every message", () => {
    const model = createSimulatedDeliveryModel("dry-run");
    const input = { provider: "twilio", channel: "SMS", recipient: "+15550100", messageId: "m1" };
    const outcome = model.decide(input);
    expect(model.decide({ ...input, messageId: "m2", provider: "other" })).toEqual(outcome);
    expect(createSimulatedDeliveryModel("dry-run").decide({ ...input, channel: "sms" })).toEqual(
      outcome,
    );
    expect(decideAll("dry-run", undefined, 500)).not.toEqual(
      decideAll("other-seed", undefined, 500),
    );
  });

  it.each([
    { label: "default SMS rates", rates: undefined, deliveryRate: DEFAULT_RATES.SMS.deliveryRate },
    { label: "an override", rates: { SMS: { deliveryRate: 0.5 } }, deliveryRate: 0.5 },
  ])(
    "delivers and reads the rate's share of recipients ($label), within 4 standard errors",
    ({ rates, deliveryRate }) => {
      const outcomes = decideAll("share", rates);
      const delivered = outcomes.filter(outcome => outcome.delivered);
      const share = delivered.length / outcomes.length;
      const tolerance = 4 * Math.sqrt((deliveryRate * (1 - deliveryRate)) / outcomes.length);
      expect(Math.abs(share - deliveryRate)).toBeLessThan(tolerance);
      const openRate = DEFAULT_RATES.SMS.openRate;
      const readShare = delivered.filter(outcome => outcome.read).length / delivered.length;
      expect(Math.abs(readShare - openRate)).toBeLessThan(
        4 * Math.sqrt((openRate * (1 - openRate)) / delivered.length),
      );
      const failures = outcomes.filter(outcome => !outcome.delivered);
      expect(
        failures.every(outcome => !outcome.read && outcome.failureCode === "UNDELIVERABLE"),
      ).toBe(true);
    },
  );

  it("refuses a channel it has no rates for, and bad rates", () => {
    const model = createSimulatedDeliveryModel(1);
    expect(() =>
      model.decide({ provider: "x", channel: "ADS", recipient: "r", messageId: "m" }),
    ).toThrow(/no rates/);
    expect(failingField(() => createSimulatedDeliveryModel(1, { EMAIL: { openRate: 2 } }))).toBe(
      "rates.EMAIL.openRate",
    );
  });
});
