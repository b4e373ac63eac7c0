import type { EntityName } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import DataLoader from "dataloader";
import { isUuid } from "./validation.js";

function column<T extends object>(em: EntityManager, entity: EntityName<T>, property: string) {
  const meta = em.getMetadata(entity);
  const field = (meta.properties as Record<string, { fieldNames?: string[] }>)[property]
    ?.fieldNames?.[0];
  if (!field) {
    throw new Error(`${meta.className}.${property} has no column`);
  }
  return { table: `"${meta.tableName}"`, field: `"${field}"` };
}

function validIds(ids: readonly string[]) {
  return [...new Set(ids.filter(isUuid).map(id => id.toLowerCase()))];
}

/**
 * Counts rows of `entity` per value of the foreign key `groupBy`, inside one workspace, for a
 * whole batch of keys in one statement. Keys from other workspaces count zero.
 */
export function createCountLoader<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  groupBy: string,
  workspaceId: string,
  /** A fixed extra condition on the rows counted (a literal SQL predicate of ours). */
  onlyWhere = "true",
): DataLoader<string, number> {
  const { table, field } = column(em, entity, groupBy);
  return new DataLoader<string, number>(async keys => {
    const ids = validIds(keys);
    const rows = ids.length
      ? await em.getConnection().execute<Array<{ key: string; count: number }>>(
          `select ${field} as key, count(*)::int as count from ${table}
           where "workspace_id" = ? and ${field} in (?) and ${onlyWhere} group by ${field}`,
          [workspaceId, ids],
        )
      : [];
    const counts = new Map(rows.map(row => [row.key, row.count]));
    return keys.map(key => counts.get(key.toLowerCase()) ?? 0);
  });
}

export interface MoneyTotal {
  amountMicros: number;
  currency: string;
}

/**
 * Sums a micros column per foreign key and currency (amounts in different currencies are never
 * added together), for a batch of keys in one statement.
 */
export function createMoneySumLoader<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  options: { groupBy: string; amount: string; currency: string },
  workspaceId: string,
): DataLoader<string, MoneyTotal[]> {
  const { table, field } = column(em, entity, options.groupBy);
  const amount = column(em, entity, options.amount).field;
  const currency = column(em, entity, options.currency).field;
  return new DataLoader<string, MoneyTotal[]>(async keys => {
    const ids = validIds(keys);
    const rows = ids.length
      ? await em.getConnection().execute<Array<{ key: string; currency: string; total: string }>>(
          `select ${field} as key, ${currency} as currency, sum(${amount})::text as total
           from ${table} where "workspace_id" = ? and ${field} in (?)
           group by ${field}, ${currency} order by ${currency}`,
          [workspaceId, ids],
        )
      : [];
    const totals = new Map<string, MoneyTotal[]>();
    for (const row of rows) {
      const list = totals.get(row.key) ?? [];
      list.push({ amountMicros: Number(row.total), currency: row.currency });
      totals.set(row.key, list);
    }
    return keys.map(key => totals.get(key.toLowerCase()) ?? []);
  });
}
