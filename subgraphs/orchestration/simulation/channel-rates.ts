/**
 * The channels a campaign can use, their default funnel rates, and per-call overrides.
 *
 * Every rate is conditional on the stage before it (clickRate is clicks per opened message for
 * messaging, per impression for social and ads). Money is integer micros (1 USD = 1,000,000) in
 * DEFAULT_RATES_CURRENCY; a simulation in another currency must give its own money rates.
 */

export const MESSAGING_CHANNELS = ["SMS", "WHATSAPP", "EMAIL", "SLACK"] as const;
export const CHANNELS = [...MESSAGING_CHANNELS, "SOCIAL", "ADS"] as const;

export type MessagingChannel = (typeof MESSAGING_CHANNELS)[number];
export type Channel = (typeof CHANNELS)[number];

/** Messages: sent → delivered → opened (read, viewed) → clicked → converted. */
export interface MessagingRates {
  deliveryRate: number;
  openRate: number;
  clickRate: number;
  conversionRate: number;
  costPerMessageMicros: number;
}

/** Organic posts: posts → impressions (reach per post around a mean) → clicked → converted. */
export interface SocialRates {
  /** Mean impressions per post, a whole number. */
  meanReachPerPost: number;
  /** Standard deviation of one post's reach as a fraction of the mean, in [0, 1]. */
  reachSpread: number;
  clickRate: number;
  conversionRate: number;
}

/** Paid ads: budget → impressions at the CPM → clicked → converted. */
export interface AdsRates {
  /** Cost per thousand impressions, at least 1 micro. */
  cpmMicros: number;
  clickRate: number;
  conversionRate: number;
}

export interface RatesByChannel {
  SMS: MessagingRates;
  WHATSAPP: MessagingRates;
  EMAIL: MessagingRates;
  SLACK: MessagingRates;
  SOCIAL: SocialRates;
  ADS: AdsRates;
}

export type ChannelRates = RatesByChannel[Channel];

/** Overrides per call: any channel, any subset of its rates (the typed form of
 * `Partial<Record<Channel, Partial<ChannelRates>>>`). */
export type RatesOverrides = { [C in Channel]?: Partial<RatesByChannel[C]> };

export const DEFAULT_RATES_CURRENCY = "USD";

/**
 * Defaults: round figures from public list prices and industry benchmarks, meant as a starting
 * point that each workspace overrides with its own history.
 * - SMS: 97% delivered, 90% read, 8% of readers click, 3% of clickers buy; $0.0079 a message
 *   (a US long-code list price).
 * - WhatsApp: 96% delivered, 80% read, 10% click, 3% convert; $0.025 a marketing message.
 * - Email: 98% delivered, 25% opened, 10% of openers click (2.5% of delivered, the usual
 *   click-through), 2% convert; $0.001 a message.
 * - Slack: 99% delivered, 60% read, 5% click, 2% convert; free.
 * - Social: 500 impressions a post with a 50% spread, 1.5% click, 2% convert; free (organic).
 * - Ads: $8 per thousand impressions, 0.9% click, 3% convert.
 */
const DEFAULTS: RatesByChannel = {
  SMS: {
    deliveryRate: 0.97,
    openRate: 0.9,
    clickRate: 0.08,
    conversionRate: 0.03,
    costPerMessageMicros: 7_900,
  },
  WHATSAPP: {
    deliveryRate: 0.96,
    openRate: 0.8,
    clickRate: 0.1,
    conversionRate: 0.03,
    costPerMessageMicros: 25_000,
  },
  EMAIL: {
    deliveryRate: 0.98,
    openRate: 0.25,
    clickRate: 0.1,
    conversionRate: 0.02,
    costPerMessageMicros: 1_000,
  },
  SLACK: {
    deliveryRate: 0.99,
    openRate: 0.6,
    clickRate: 0.05,
    conversionRate: 0.02,
    costPerMessageMicros: 0,
  },
  SOCIAL: { meanReachPerPost: 500, reachSpread: 0.5, clickRate: 0.015, conversionRate: 0.02 },
  ADS: { cpmMicros: 8_000_000, clickRate: 0.009, conversionRate: 0.03 },
};
Object.values(DEFAULTS).forEach(rates => Object.freeze(rates));

/** The defaults, frozen: resolveChannelRates copies them before applying overrides. */
export const DEFAULT_RATES: { readonly [C in Channel]: Readonly<RatesByChannel[C]> } =
  Object.freeze(DEFAULTS);

/** The largest mean reach per post accepted (a billion impressions). */
export const MAX_REACH_PER_POST = 1_000_000_000;

/** Bad simulation input; `field` names it (`runs`, `channels[1].audienceSize`, `rates.SMS.openRate`). */
export class SimulationInputError extends Error {
  constructor(
    readonly field: string,
    /** What is wrong, without the field's name (the message has both). */
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = "SimulationInputError";
  }
}

export function isChannel(value: unknown): value is Channel {
  return CHANNELS.some(channel => channel === value);
}

export function isMessagingChannel(value: unknown): value is MessagingChannel {
  return MESSAGING_CHANNELS.some(channel => channel === value);
}

/** What a rate must be; returns the problem, or undefined when the value is fine. */
function rateProblem(name: string, value: unknown): string | undefined {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return "must be a finite number";
  }
  switch (name) {
    case "costPerMessageMicros":
      return Number.isSafeInteger(value) && value >= 0
        ? undefined
        : "must be a non-negative whole number of micros";
    case "cpmMicros":
      return Number.isSafeInteger(value) && value >= 1
        ? undefined
        : "must be a whole number of micros, at least 1";
    case "meanReachPerPost":
      return Number.isSafeInteger(value) && value >= 0 && value <= MAX_REACH_PER_POST
        ? undefined
        : `must be a whole number from 0 to ${MAX_REACH_PER_POST}`;
    default:
      return value >= 0 && value <= 1 ? undefined : "must be a rate in [0, 1]";
  }
}

function resolveOne<C extends Channel>(channel: C, override: unknown): RatesByChannel[C] {
  const rates: RatesByChannel[C] = { ...DEFAULT_RATES[channel] };
  if (override === undefined || override === null) {
    return rates;
  }
  if (typeof override !== "object") {
    throw new SimulationInputError(`rates.${channel}`, "must be an object of rates");
  }
  const entries: [string, unknown][] = Object.entries(override);
  for (const [name, value] of entries) {
    const field = `rates.${channel}.${name}`;
    if (!Object.hasOwn(rates, name)) {
      throw new SimulationInputError(field, `is not a rate of ${channel}`);
    }
    if (value === undefined) {
      continue;
    }
    const problem = rateProblem(name, value);
    if (problem !== undefined) {
      throw new SimulationInputError(field, problem);
    }
    Object.assign(rates, { [name]: value });
  }
  return rates;
}

/** The defaults with `overrides` applied, every override validated. */
export function resolveChannelRates(overrides?: RatesOverrides): RatesByChannel {
  if (overrides !== undefined && overrides !== null) {
    if (typeof overrides !== "object") {
      throw new SimulationInputError("rates", "must be an object keyed by channel");
    }
    const unknown = Object.keys(overrides).find(key => !isChannel(key));
    if (unknown !== undefined) {
      throw new SimulationInputError(`rates.${unknown}`, "is not a channel");
    }
  }
  return {
    SMS: resolveOne("SMS", overrides?.SMS),
    WHATSAPP: resolveOne("WHATSAPP", overrides?.WHATSAPP),
    EMAIL: resolveOne("EMAIL", overrides?.EMAIL),
    SLACK: resolveOne("SLACK", overrides?.SLACK),
    SOCIAL: resolveOne("SOCIAL", overrides?.SOCIAL),
    ADS: resolveOne("ADS", overrides?.ADS),
  };
}
