import { p } from "@mikro-orm/core";
import { uuidv7 } from "../uuid.js";

/** id, createdAt and updatedAt for every entity; timestamps are `timestamptz`. */
export const baseProperties = {
  id: p
    .uuid()
    .primary()
    .onCreate(() => uuidv7()),
  createdAt: p.datetime().onCreate(() => new Date()),
  updatedAt: p
    .datetime()
    .onCreate(() => new Date())
    .onUpdate(() => new Date()),
};
