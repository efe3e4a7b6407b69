/**
 * Reference data read once per batch transaction instead of once per item (a job turning many
 * e-mails into tickets reads the catalogue item, routing inputs, cover rules, SLA policy and
 * calendar once): key → the pending or settled read. Only for rows the batch itself never changes;
 * it lives no longer than the transaction. Without one, every read goes to the database.
 */
export type Lookups = Map<string, Promise<unknown>>;

export function lookup<T>(lookups: Lookups | undefined, key: string, load: () => PromiseLike<T>): Promise<T> {
  // A query builder is only a thenable that runs its query on each await: settle it once here.
  if (!lookups) return Promise.resolve(load());
  const known = lookups.get(key) as Promise<T> | undefined;
  if (known) return known;
  const loading = Promise.resolve(load());
  lookups.set(key, loading);
  return loading;
}
