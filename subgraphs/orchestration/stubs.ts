import { createEntityStub } from "../shared/entity-stubs.js";

/** A message the messaging subgraph owns, named by an execution event; messaging resolves it. */
export const MessageRef = createEntityStub("Message", { resolvable: false });
