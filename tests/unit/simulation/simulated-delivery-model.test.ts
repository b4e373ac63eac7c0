import { describe, expect, it } from "@jest/globals";
import { DEFAULT_RATES } from "../../../subgraphs/orchestration/simulation/channel-rates.js";
import { createSimulatedDeliveryModel } from "../../../subgraphs/orchestration/simulation/delivery-decider.js";
import { failingField } from "../../support/simulation-inputs.js";

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
