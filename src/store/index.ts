/** The store's public surface: the only way other layers reach the database. */

export type { OpenOptions } from './db.js';
export { mergeStores } from './merge.js';
export { storeSchemaVersion } from './migrations.js';
export { leaseText, openStore, type Store } from './store.js';
export * from './types.js';
