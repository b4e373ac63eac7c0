import {
  CHANNELS,
  DEFAULT_RATES_CURRENCY,
  isChannel,
  isMessagingChannel,
  resolveChannelRates,
  SimulationInputError,
  type Channel,
  type RatesByChannel,
  type RatesOverrides,
} from "./channel-rates.js";
import {
  addFunnels,
  adsPurchase,
  expectedFunnel,
  percentileFunnels,
  runFunnel,
  ZERO_FUNNEL,
  type ChannelVolume,
  type Funnel,
} from "./funnel.js";
import { canonicalSeed, Prng } from "./prng.js";

export { SimulationInputError } from "./channel-rates.js";

/**
 * Monte Carlo forecast of a campaign: each run draws every channel's funnel from its own stream,
 * `seed → ("run", r, "channel", C)`, so the output depends only on (input, seed, runs, rates),
 * a channel's forecast does not change when another channel is added, and the first r runs are
 * the same whatever the number of runs.
 */

export const MAX_RUNS = 10_000;
/** The largest audience (or ads reach and impressions) accepted: 10^12. */
export const MAX_AUDIENCE = 1_000_000_000_000;
export const MAX_POSTS = 1_000;
const MAX_SEED_LENGTH = 1_000;

export interface SimulationChannelInput {
  channel: Channel;
  /** Messaging: recipients, one message each (required). ADS: reach cap on impressions. */
  audienceSize?: number | null;
  /** SOCIAL: posts to publish (required). */
  posts?: number | null;
  /** ADS: the budget in micros (required). */
  budgetMicros?: number | null;
  /** ISO 4217 code; every channel of one simulation uses the same currency. */
  currency: string;
}

export interface SimulationInput {
  channels: readonly SimulationChannelInput[];
}

export interface SimulationOptions {
  seed: string | number;
  /** Monte Carlo runs, 1 to MAX_RUNS. */
  runs: number;
  rates?: RatesOverrides;
}

/**
 * `expected` is the analytic mean of each stage (a real number; spend is exact). The
 * percentiles are taken stage by stage over the runs, by the nearest-rank method, so a
 * percentile funnel need not be one run's funnel.
 */
export interface FunnelForecast {
  expected: Funnel;
  p10: Funnel;
  p50: Funnel;
  p90: Funnel;
}

export interface ChannelForecast extends FunnelForecast {
  channel: Channel;
}

export interface SimulationResult {
  /** The seed as text (numeric seeds in decimal). */
  seed: string;
  runs: number;
  currency: string;
  channels: ChannelForecast[];
  /** expected: the sum of the channels' expectations; percentiles: of the per-run totals. */
  total: FunnelForecast;
}

/** The seed as text (see canonicalSeed), or SimulationInputError on field `seed`. */
export function checkSeed(seed: string | number): string {
  const valid =
    (typeof seed === "string" && seed.length <= MAX_SEED_LENGTH) || Number.isSafeInteger(seed);
  if (!valid) {
    const detail = `must be text of up to ${MAX_SEED_LENGTH} characters or a safe integer`;
    throw new SimulationInputError("seed", detail);
  }
  return canonicalSeed(seed);
}

function absent(value: number | null | undefined): boolean {
  return value === undefined || value === null;
}

function count(value: number | null | undefined, field: string, max: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new SimulationInputError(field, `must be a whole number from 0 to ${max}`);
  }
  return value;
}

function onlyFields(entry: SimulationChannelInput, at: string, allowed: readonly string[]): void {
  for (const name of ["audienceSize", "posts", "budgetMicros"] as const) {
    if (!allowed.includes(name) && !absent(entry[name])) {
      throw new SimulationInputError(`${at}.${name}`, `does not apply to ${entry.channel}`);
    }
  }
}

/** Default money rates are in USD: another currency must bring its own. */
function checkMoneyRates(channel: Channel, currency: string, overrides?: RatesOverrides): void {
  if (currency === DEFAULT_RATES_CURRENCY || channel === "SOCIAL" || channel === "SLACK") {
    return;
  }
  const name = channel === "ADS" ? "cpmMicros" : "costPerMessageMicros";
  const override: object | undefined = overrides?.[channel];
  if (override === undefined || !Object.hasOwn(override, name)) {
    const detail = `the default is in ${DEFAULT_RATES_CURRENCY}: give it in ${currency}`;
    throw new SimulationInputError(`rates.${channel}.${name}`, detail);
  }
}

function toVolume(entry: SimulationChannelInput, at: string, rates: RatesByChannel): ChannelVolume {
  const { channel } = entry;
  if (isMessagingChannel(channel)) {
    onlyFields(entry, at, ["audienceSize"]);
    return { channel, audienceSize: count(entry.audienceSize, `${at}.audienceSize`, MAX_AUDIENCE) };
  }
  if (channel === "SOCIAL") {
    onlyFields(entry, at, ["posts"]);
    return { channel, posts: count(entry.posts, `${at}.posts`, MAX_POSTS) };
  }
  onlyFields(entry, at, ["audienceSize", "budgetMicros"]);
  const budgetMicros = count(entry.budgetMicros, `${at}.budgetMicros`, Number.MAX_SAFE_INTEGER);
  if (!absent(entry.audienceSize)) {
    return {
      channel,
      budgetMicros,
      reachCap: count(entry.audienceSize, `${at}.audienceSize`, MAX_AUDIENCE),
    };
  }
  if (adsPurchase(budgetMicros, rates.ADS.cpmMicros).impressions > MAX_AUDIENCE) {
    throw new SimulationInputError(`${at}.budgetMicros`, `buys over ${MAX_AUDIENCE} impressions`);
  }
  return { channel, budgetMicros };
}

/** Every check on the input, before any run: the error names the first bad field. */
function parseInput(
  input: SimulationInput,
  options: SimulationOptions,
  rates: RatesByChannel,
): { seed: string; runs: number; currency: string; volumes: ChannelVolume[] } {
  const seed = checkSeed(options.seed);
  const { runs } = options;
  if (!Number.isSafeInteger(runs) || runs < 1 || runs > MAX_RUNS) {
    throw new SimulationInputError("runs", `must be a whole number from 1 to ${MAX_RUNS}`);
  }
  if (!Array.isArray(input.channels) || input.channels.length === 0) {
    throw new SimulationInputError("channels", "must list at least one channel");
  }
  const currency = input.channels[0]?.currency ?? "";
  const volumes = input.channels.map((entry, index) => {
    const at = `channels[${index}]`;
    if (!isChannel(entry.channel)) {
      throw new SimulationInputError(`${at}.channel`, `must be one of ${CHANNELS.join(", ")}`);
    }
    if (input.channels.findIndex(other => other.channel === entry.channel) !== index) {
      throw new SimulationInputError(`${at}.channel`, `lists ${entry.channel} twice`);
    }
    if (!/^[A-Z]{3}$/.test(entry.currency) || entry.currency !== currency) {
      throw new SimulationInputError(
        `${at}.currency`,
        `must be one ISO 4217 code for all channels`,
      );
    }
    checkMoneyRates(entry.channel, currency, options.rates);
    return toVolume(entry, at, rates);
  });
  // Spend is exact per channel (BigInt); a sum past 2^53 would no longer be.
  const spends = volumes.map(volume => expectedFunnel(volume, rates).spendMicros);
  if (!Number.isSafeInteger(spends.reduce((sum, spend) => sum + spend, 0))) {
    throw new SimulationInputError("channels", "spend more micros than a safe integer holds");
  }
  return { seed, runs, currency, volumes };
}

/** Forecasts a campaign; throws SimulationInputError on bad input. Deterministic. */
export function simulateCampaign(
  input: SimulationInput,
  options: SimulationOptions,
): SimulationResult {
  const rates = resolveChannelRates(options.rates);
  const { seed, runs, currency, volumes } = parseInput(input, options, rates);
  const root = Prng.fromSeed(seed);
  const channelRuns: Funnel[][] = volumes.map(() => []);
  const totalRuns: Funnel[] = [];
  for (let run = 0; run < runs; run += 1) {
    let total: Funnel = ZERO_FUNNEL;
    volumes.forEach((volume, index) => {
      const funnel = runFunnel(volume, rates, root.child("run", run, "channel", volume.channel));
      channelRuns[index]?.push(funnel);
      total = addFunnels(total, funnel);
    });
    totalRuns.push(total);
  }
  const channels = volumes.map((volume, index) => ({
    channel: volume.channel,
    expected: expectedFunnel(volume, rates),
    ...percentileFunnels(channelRuns[index] ?? []),
  }));
  const expected = channels.reduce((sum, forecast) => addFunnels(sum, forecast.expected), {
    ...ZERO_FUNNEL,
  });
  return { seed, runs, currency, channels, total: { expected, ...percentileFunnels(totalRuns) } };
}
