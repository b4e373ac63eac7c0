import type { MessagingChannel, RatesByChannel } from "./channel-rates.js";
import { sampleAroundMean, sampleBinomial } from "./distributions.js";
import type { Prng } from "./prng.js";

/**
 * One channel's funnel: the same six columns for every channel, so the dashboard can show one
 * table. What each column counts:
 *
 * | column      | messaging (SMS, WhatsApp, Email, Slack) | SOCIAL (organic)  | ADS (paid)         |
 * | ----------- | --------------------------------------- | ----------------- | ------------------ |
 * | sent        | messages sent (the audience size)       | posts published   | impressions served |
 * | delivered   | messages delivered                      | impressions       | impressions served |
 * | opened      | messages opened, read or viewed         | impressions       | impressions served |
 * | clicked     | clicks                                  | clicks            | clicks             |
 * | converted   | conversions                             | conversions       | conversions        |
 * | spendMicros | sent × cost per message                 | 0                 | impressions × CPM  |
 *
 * The rule: `delivered` is what reached a person's screen and `opened` is what a person saw. A
 * broadcast channel has no separate delivery or open step (an impression is both delivered and
 * seen), so both columns repeat the impressions, and the step between them has rate 1. For ads
 * `sent` is the impressions bought, which are all served. For social `sent` counts posts, so
 * delivered / sent is impressions per post rather than a rate.
 */
export interface Funnel {
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  converted: number;
  spendMicros: number;
}

export const FUNNEL_STAGES = [
  "sent",
  "delivered",
  "opened",
  "clicked",
  "converted",
  "spendMicros",
] as const satisfies readonly (keyof Funnel)[];

/** How much a channel puts out, validated (see simulate.ts). */
export type ChannelVolume =
  | { channel: MessagingChannel; audienceSize: number }
  | { channel: "SOCIAL"; posts: number }
  | {
      channel: "ADS";
      budgetMicros: number;
      /** At most this many impressions are served (the audience's reach), when given. */
      reachCap?: number;
    };

export const ZERO_FUNNEL: Readonly<Funnel> = Object.freeze({
  sent: 0,
  delivered: 0,
  opened: 0,
  clicked: 0,
  converted: 0,
  spendMicros: 0,
});

export function addFunnels(a: Funnel, b: Funnel): Funnel {
  return {
    sent: a.sent + b.sent,
    delivered: a.delivered + b.delivered,
    opened: a.opened + b.opened,
    clicked: a.clicked + b.clicked,
    converted: a.converted + b.converted,
    spendMicros: a.spendMicros + b.spendMicros,
  };
}

/**
 * Nearest-rank percentile: the smallest value with at least `percent`% of the values at or
 * below it, i.e. the value at 1-based rank ceil(percent × N / 100) of the ascending sort. It is
 * always one of the observed values (no interpolation).
 */
export function nearestRank(sorted: ArrayLike<number>, percent: number): number {
  const rank = Math.max(1, Math.ceil((percent * sorted.length) / 100));
  const value = sorted[rank - 1];
  if (value === undefined) {
    throw new RangeError(`no value at rank ${rank} of ${sorted.length}`);
  }
  return value;
}

/** The 10th, 50th and 90th nearest-rank percentiles of each stage, stage by stage. */
export function percentileFunnels(runs: readonly Funnel[]): {
  p10: Funnel;
  p50: Funnel;
  p90: Funnel;
} {
  const p10 = { ...ZERO_FUNNEL };
  const p50 = { ...ZERO_FUNNEL };
  const p90 = { ...ZERO_FUNNEL };
  for (const stage of FUNNEL_STAGES) {
    const sorted = Float64Array.from(runs, funnel => funnel[stage]).sort();
    p10[stage] = nearestRank(sorted, 10);
    p50[stage] = nearestRank(sorted, 50);
    p90[stage] = nearestRank(sorted, 90);
  }
  return { p10, p50, p90 };
}

/**
 * What an ads budget buys: floor(budget × 1000 / CPM) impressions, capped by the reach, and
 * their cost floor(impressions × CPM / 1000). The cost never exceeds the budget, since
 * impressions × CPM ≤ budget × 1000. Computed in BigInt, so large budgets do not round; the
 * caller checks that the results are safe integers.
 */
export function adsPurchase(
  budgetMicros: number,
  cpmMicros: number,
  reachCap?: number,
): { impressions: number; spendMicros: number } {
  let impressions = (BigInt(budgetMicros) * 1000n) / BigInt(cpmMicros);
  if (reachCap !== undefined && BigInt(reachCap) < impressions) {
    impressions = BigInt(reachCap);
  }
  const spend = (impressions * BigInt(cpmMicros)) / 1000n;
  return { impressions: Number(impressions), spendMicros: Number(spend) };
}

/** sent × cost per message in BigInt (the caller checks the result is a safe integer). */
export function messagingSpend(sent: number, costPerMessageMicros: number): number {
  return Number(BigInt(sent) * BigInt(costPerMessageMicros));
}

/** How a funnel's counts are drawn: sampled in one Monte Carlo run, or their expectations. */
interface Draws {
  /** Of `n`, how many pass a step with rate `rate`. */
  pass(n: number, rate: number): number;
  /** The impressions of `posts` posts that each reach `mean` people on average. */
  reach(posts: number, mean: number, spread: number): number;
}

function funnelOf(volume: ChannelVolume, rates: RatesByChannel, draws: Draws): Funnel {
  switch (volume.channel) {
    case "SOCIAL": {
      const { meanReachPerPost, reachSpread, clickRate, conversionRate } = rates.SOCIAL;
      const impressions = draws.reach(volume.posts, meanReachPerPost, reachSpread);
      const clicked = draws.pass(impressions, clickRate);
      const converted = draws.pass(clicked, conversionRate);
      const seen = { delivered: impressions, opened: impressions };
      return { sent: volume.posts, ...seen, clicked, converted, spendMicros: 0 };
    }
    case "ADS": {
      const { cpmMicros, clickRate, conversionRate } = rates.ADS;
      const { impressions, spendMicros } = adsPurchase(
        volume.budgetMicros,
        cpmMicros,
        volume.reachCap,
      );
      const clicked = draws.pass(impressions, clickRate);
      const converted = draws.pass(clicked, conversionRate);
      const seen = { sent: impressions, delivered: impressions, opened: impressions };
      return { ...seen, clicked, converted, spendMicros };
    }
    default: {
      const channelRates = rates[volume.channel];
      const sent = volume.audienceSize;
      const delivered = draws.pass(sent, channelRates.deliveryRate);
      const opened = draws.pass(delivered, channelRates.openRate);
      const clicked = draws.pass(opened, channelRates.clickRate);
      const converted = draws.pass(clicked, channelRates.conversionRate);
      const spendMicros = messagingSpend(sent, channelRates.costPerMessageMicros);
      return { sent, delivered, opened, clicked, converted, spendMicros };
    }
  }
}

/** One Monte Carlo run of one channel's funnel, drawing from `rng` only. */
export function runFunnel(volume: ChannelVolume, rates: RatesByChannel, rng: Prng): Funnel {
  return funnelOf(volume, rates, {
    pass: (n, rate) => sampleBinomial(rng, n, rate),
    reach: (posts, mean, spread) => {
      let impressions = 0;
      for (let post = 0; post < posts; post += 1) {
        impressions += sampleAroundMean(rng, mean, spread);
      }
      return impressions;
    },
  });
}

/**
 * Each stage's expectation: a chain of binomials has E = n · p1 · p2 ⋯ (by the tower rule), social
 * impressions E = posts × mean reach (the per-post sampler is unbiased), and spend is exact.
 */
const EXPECTATIONS: Draws = {
  pass: (n, rate) => n * rate,
  reach: (posts, mean) => posts * mean,
};

/** The analytic expectation of each stage of one channel's funnel. */
export function expectedFunnel(volume: ChannelVolume, rates: RatesByChannel): Funnel {
  return funnelOf(volume, rates, EXPECTATIONS);
}
