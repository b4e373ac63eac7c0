import { describe, expect, it } from "@jest/globals";
import { resolveChannelRates } from "../../../subgraphs/orchestration/simulation/channel-rates.js";
import {
  expectedFunnel,
  FUNNEL_STAGES,
  nearestRank,
  runFunnel,
  type ChannelVolume,
  type Funnel,
} from "../../../subgraphs/orchestration/simulation/funnel.js";
import { Prng } from "../../../subgraphs/orchestration/simulation/prng.js";
import { simulateCampaign } from "../../../subgraphs/orchestration/simulation/simulate.js";

// The simulation's building blocks: one funnel run, the ads budget, and the percentiles.
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

describe("nearest-rank percentiles", () => {
  it("take the value at rank ceil(P·N/100) of the sorted runs", () => {
    const tenValues = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([10, 50, 90].map(p => nearestRank(tenValues, p))).toEqual([1, 5, 9]);
    expect([10, 50, 90].map(p => nearestRank([4, 5, 6], p))).toEqual([4, 5, 6]);
    expect([10, 50, 90].map(p => nearestRank([42], p))).toEqual([42, 42, 42]);
  });
});
