import type {
  DeliveryInput,
  DeliveryModel,
  DeliveryOutcome,
} from "../../../connectors/sandbox/delivery-model.js";
import { isMessagingChannel, resolveChannelRates, type RatesOverrides } from "./channel-rates.js";
import { sampleBernoulli } from "./distributions.js";
import { Prng } from "./prng.js";
import { checkSeed } from "./simulate.js";

/** The failure code of a message the simulation does not deliver (as the default model's). */
export const SIMULATED_FAILURE_CODE = "UNDELIVERABLE";

/**
 * A sandbox delivery model driven by the campaign simulation's rates: each recipient is
 * delivered with the channel's deliveryRate and, once delivered, read with its openRate.
 *
 * The decision comes from the stream seed → ("delivery", CHANNEL, recipient), so it depends on
 * the seed, the channel and the recipient only: the same recipient gets the same outcome on
 * every message, provider and machine, and over many recipients the delivered and read shares
 * match the rates. The channel is matched without regard to case ("sms" is SMS); a channel
 * without messaging rates (SOCIAL, ADS, anything else) is a programming error and throws.
 * Bad seeds or rates throw SimulationInputError, as simulateCampaign does.
 */
export function createSimulatedDeliveryModel(
  seed: string | number,
  rates?: RatesOverrides,
): DeliveryModel {
  const resolved = resolveChannelRates(rates);
  const root = Prng.fromSeed(checkSeed(seed));
  return {
    decide(input: DeliveryInput): DeliveryOutcome {
      const channel = input.channel.toUpperCase();
      if (!isMessagingChannel(channel)) {
        throw new Error(`the simulated delivery model has no rates for channel "${input.channel}"`);
      }
      const { deliveryRate, openRate } = resolved[channel];
      const rng = root.child("delivery", channel, input.recipient);
      if (!sampleBernoulli(rng, deliveryRate)) {
        return { delivered: false, read: false, failureCode: SIMULATED_FAILURE_CODE };
      }
      return { delivered: true, read: sampleBernoulli(rng, openRate) };
    },
  };
}
