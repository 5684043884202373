import { p } from '@mikro-orm/core';

/** The columns of a record edited in place: its optimistic-lock version, and when it was created and last changed. */
export const versionedColumns = () => ({
  version: p.integer().version(),
  createdAt: p.datetime().onCreate(() => new Date()),
  updatedAt: p
    .datetime()
    .onCreate(() => new Date())
    .onUpdate(() => new Date()),
});
