import { createEntityStub } from "../shared/entity-stubs.js";

/** Entities owned by the orchestration subgraph that this subgraph adds fields to. */
export const CampaignRef = createEntityStub("Campaign");
export const ConnectionRef = createEntityStub("Connection");
