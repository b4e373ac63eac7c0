import { p } from "@mikro-orm/core";

// JSON columns that default to an empty object or list, in the database and on new entities.
// MikroORM takes a JSON column's default as the database text ("{}") and would also put that text
// on a new entity, which then stores a JSON *string*; `onCreate` gives new entities the value.

/** A JSON object column, `{}` unless set. */
export const jsonObject = <T extends object>() =>
  p
    .json<T>()
    .default("{}")
    .onCreate(() => ({}) as T);

/** A JSON list column, `[]` unless set. */
export const jsonList = <T>() =>
  p
    .json<T[]>()
    .default("[]")
    .onCreate(() => [] as T[]);
