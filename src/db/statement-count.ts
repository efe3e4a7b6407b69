import { writeFileSync } from 'node:fs';
import type { PGlite, Transaction } from '@electric-sql/pglite';

/**
 * A measuring aid for benchmarks (bench/README.md): with TANDEM_DEBUG_STATEMENT_COUNT_FILE set, every
 * statement the embedded database runs is counted by its text and the counts are written to that
 * file every two seconds, so a bench can tell statements per unit of work. Off (and free) otherwise.
 */
export function countStatements(client: PGlite, file: string | undefined): void {
  if (!file) return;
  // Per statement text: how many, and the milliseconds until each answered (mostly the database's
  // own work: PGlite runs in this thread; a statement outside a transaction may also wait its turn).
  const counts = new Map<string, { n: number; ms: number }>();
  let total = 0;
  const count = <R>(text: string, run: () => Promise<R>): Promise<R> => {
    total++;
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 160);
    const entry = counts.get(key) ?? { n: 0, ms: 0 };
    counts.set(key, entry);
    entry.n++;
    const started = performance.now();
    return run().finally(() => {
      entry.ms += performance.now() - started;
    });
  };
  const wrap = <T extends Pick<Transaction, 'query' | 'exec'>>(target: T) => {
    const query = target.query.bind(target);
    const exec = target.exec.bind(target);
    target.query = ((text: string, ...rest: unknown[]) =>
      count(text, () => (query as (...args: unknown[]) => Promise<unknown>)(text, ...rest))) as T['query'];
    target.exec = ((text: string, ...rest: unknown[]) =>
      count(text, () => (exec as (...args: unknown[]) => Promise<unknown>)(text, ...rest))) as T['exec'];
  };
  wrap(client);
  const transaction = client.transaction.bind(client);
  client.transaction = ((fn: (tx: Transaction) => Promise<unknown>) =>
    transaction((tx) => {
      wrap(tx);
      return count('BEGIN … COMMIT (the whole transaction)', () => fn(tx));
    })) as PGlite['transaction'];
  let written = -1;
  const write = () => {
    // Only when something ran since (the counting itself should not show in a bench's CPU figure).
    if (total === written) return;
    written = total;
    const top = [...counts.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 100)
      .map(([text, { n, ms }]) => ({ n, ms: Math.round(ms), text }));
    writeFileSync(file, JSON.stringify({ total, statements: top }, null, 1));
  };
  setInterval(write, 2000).unref();
}
