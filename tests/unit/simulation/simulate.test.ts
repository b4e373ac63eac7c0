import { describe, expect, it } from "@jest/globals";
import { DEFAULT_RATES } from "../../../subgraphs/orchestration/simulation/channel-rates.js";
import { FUNNEL_STAGES, type Funnel } from "../../../subgraphs/orchestration/simulation/funnel.js";
import {
  simulateCampaign,
  type SimulationInput,
} from "../../../subgraphs/orchestration/simulation/simulate.js";
import { campaign, failingField } from "../../support/simulation-inputs.js";

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
