/**
 * Runs reads one after another, starting each one before the caller has consumed the previous
 * result, so the database works while the caller compresses and writes. One read is in flight
 * at a time (a connection runs one statement at a time) and at most two results are held.
 */
export async function* readAhead<T>(reads: Iterator<() => Promise<T>>): AsyncGenerator<T> {
  const start = (): Promise<T> | undefined => {
    const next = reads.next();
    if (next.done) return undefined;
    const pending = next.value();
    // Handled later by the await below; until then a failure must not count as unhandled.
    pending.catch(() => {});
    return pending;
  };
  let pending = start();
  try {
    while (pending) {
      const value = await pending;
      pending = start();
      yield value;
    }
  } finally {
    // A caller that stops early (or fails) lets the statement in flight finish before the
    // transaction goes on or rolls back.
    if (pending) await pending.catch(() => {});
  }
}
