import { ConnectorError } from "./connector-error.js";
import type { ProviderResponse } from "./default-classifier.js";

/**
 * A successful answer read with the provider's parser, or a failure in the closed taxonomy: an
 * unreadable answer to a read is UNAVAILABLE (ask again), to a write UNKNOWN_OUTCOME (the write
 * may have happened; never sent blindly again).
 */
export function expectBody<T>(
  response: ProviderResponse,
  parse: (body: unknown) => T | undefined,
  options: { provider: string; what: string; write?: boolean },
): T {
  const value = parse(response.body);
  if (value === undefined) {
    throw new ConnectorError(
      options.write ? "UNKNOWN_OUTCOME" : "UNAVAILABLE",
      `${options.provider} sent an unreadable ${options.what}`,
      { provider: options.provider },
    );
  }
  return value;
}
