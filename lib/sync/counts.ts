/** What one sync step did: items read from Apple, rows created, rows updated. */
export type SyncCounts = { fetched: number; created: number; updated: number };
