import type { EntityManager } from "@mikro-orm/postgresql";
import { Suppression } from "../../../orm/entities/index.js";
import { uuidv7 } from "../../../orm/uuid.js";
import { suppressionAddress } from "../message/recipient.js";

/** The workspace's opt-outs per channel: an address on the list receives nothing more. */
export class SuppressionService {
  constructor(
    private readonly em: EntityManager,
    private readonly workspaceId: string,
  ) {}

  find(channel: Suppression["channel"], address: string): Promise<Suppression | null> {
    return this.em.findOne(Suppression, {
      workspace: this.workspaceId,
      channel,
      address: suppressionAddress(channel, address),
    });
  }

  /** Adds an opt-out once; a repeated opt-out keeps the first reason. */
  async add(
    channel: Suppression["channel"],
    address: string,
    reason: string,
    provider: string | null | undefined,
  ): Promise<void> {
    await this.em
      .createQueryBuilder(Suppression)
      .insert({
        id: uuidv7(),
        createdAt: new Date(),
        updatedAt: new Date(),
        workspace: this.workspaceId,
        channel,
        address: suppressionAddress(channel, address),
        reason,
        provider: provider ?? null,
      } as never)
      .onConflict(["workspace", "channel", "address"] as never)
      .ignore()
      .execute("run");
  }

  async remove(channel: Suppression["channel"], address: string): Promise<boolean> {
    const removed = await this.em.nativeDelete(Suppression, {
      workspace: this.workspaceId,
      channel,
      address: suppressionAddress(channel, address),
    });
    return removed > 0;
  }
}
