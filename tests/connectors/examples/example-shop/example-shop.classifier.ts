import {
  statusClassifier,
  type Classifier,
} from "../../../../connectors/kit/default-classifier.js";
import { errorText } from "./example-shop.schemas.js";

/**
 * Example Shop's failures are HTTP statuses with `{errors}`: 401 for any token it does not take
 * (expired or revoked alike: the runtime refreshes, and a dead refresh token then says which),
 * 403 for a missing scope, 422 for validation, 429 with Retry-After (seconds, as a decimal), 5xx.
 */
export const classifyExampleShop: Classifier = statusClassifier({
  describe: response => {
    const text = errorText(response.body);
    return { providerCode: response.status, detail: text ? `: ${text}` : "" };
  },
});
