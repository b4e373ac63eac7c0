import { defaultDeliveryModel, type DeliveryModel } from "../connectors/sandbox/delivery-model.js";
import { createSimulatedDeliveryModel } from "../subgraphs/orchestration/simulation/delivery-decider.js";

/**
 * What `npm start`'s sandboxes deliver: the documented magic recipients still fail, and every
 * other outcome is decided by the campaign simulation (seeded, so a dry run is reproducible).
 */
export function createSandboxDeliveries(seed: string): DeliveryModel {
  const simulated = createSimulatedDeliveryModel(seed);
  return {
    decide(input) {
      const magic = defaultDeliveryModel.decide(input);
      return magic.delivered ? simulated.decide(input) : magic;
    },
  };
}
