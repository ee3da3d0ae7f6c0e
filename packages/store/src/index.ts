export * from './audit.js';
export * from './db/connect.js';
export type { Database, EventRow } from './db/schema.js';
export * from './errors.js';
export * from './hash-chain.js';
export * from './queries.js';
export * from './rebuild.js';
export * from './store.js';
export * from './tokens.js';
