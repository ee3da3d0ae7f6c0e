import { startServer } from '@steerlog/server';
import { openSqlite, Store } from '@steerlog/store';

/**
 * Where group commit can be switched, found by reading the functions' own source for the option
 * name (it is a TypeScript option, invisible at run time otherwise). The bench never reports a
 * figure for a switch that does not exist.
 */
// Read once, when this module loads: the bench wraps `Store.open` later (to count transactions).
const sources = { store: Store.open.toString(), openSqlite: openSqlite.toString(), server: startServer.toString() };

export const groupCommitSupport = () => ({
  /** `Store.open(db, { groupCommit })` */
  store: sources.store.includes('groupCommit'),
  /** `openSqlite(path, { groupCommit })` */
  openSqlite: sources.openSqlite.includes('groupCommit'),
  /** `startServer({ groupCommit })` */
  server: sources.server.includes('groupCommit'),
});
export type GroupCommitSupport = ReturnType<typeof groupCommitSupport>;

/** A store on `path` with group commit on or off, by whichever switch exists; null when none does. */
export const openStore = async (path: string, groupCommit: boolean | null) => {
  const support = groupCommitSupport();
  if (groupCommit === null) return Store.open(openSqlite(path));
  if (support.store) return Store.open(openSqlite(path), { groupCommit });
  if (support.openSqlite)
    return Store.open(
      (openSqlite as unknown as (p: string, o: { groupCommit: boolean }) => ReturnType<typeof openSqlite>)(path, {
        groupCommit,
      }),
    );
  return null;
};
