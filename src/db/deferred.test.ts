import { describe, expect, it } from 'vitest';
import {
  type DeferredWrites,
  deferredWrites,
  dropDeferredOnFailure,
  withDeferredWrites,
} from './deferred.ts';
import { lookup } from './lookups.ts';

describe('deferred writes of a batch', () => {
  it('collects what the batch records and hands it to the flush, outside the batch', async () => {
    let flushed: DeferredWrites | undefined;
    let openDuringFlush: DeferredWrites | undefined = { audits: [], jobs: [] };
    const result = await withDeferredWrites(
      async () => {
        deferredWrites()!.audits.push('a1');
        await Promise.resolve();
        deferredWrites()!.jobs.push('j1');
        return 'done';
      },
      async (writes) => {
        flushed = writes;
        openDuringFlush = deferredWrites();
      },
    );
    expect(result).toBe('done');
    expect(flushed).toEqual({ audits: ['a1'], jobs: ['j1'] });
    expect(openDuringFlush).toBeUndefined();
    expect(deferredWrites()).toBeUndefined();
  });

  it('a failed savepoint drops only what it deferred; the batch goes on', async () => {
    let flushed: DeferredWrites | undefined;
    await withDeferredWrites(
      async () => {
        deferredWrites()!.audits.push('kept');
        await expect(
          dropDeferredOnFailure(async () => {
            deferredWrites()!.audits.push('dropped');
            deferredWrites()!.jobs.push('dropped');
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
        await dropDeferredOnFailure(async () => deferredWrites()!.jobs.push('kept too'));
      },
      async (writes) => {
        flushed = writes;
      },
    );
    expect(flushed).toEqual({ audits: ['kept'], jobs: ['kept too'] });
  });

  it('the flush is not called when the batch fails', async () => {
    let flushes = 0;
    await expect(
      withDeferredWrites(
        async () => {
          throw new Error('boom');
        },
        async () => {
          flushes++;
        },
      ),
    ).rejects.toThrow('boom');
    expect(flushes).toBe(0);
  });
});

describe('batch lookups', () => {
  it('runs a query builder (a thenable that queries on every await) once per key', async () => {
    let runs = 0;
    const query = (): PromiseLike<string[]> => ({
      // biome-ignore lint/suspicious/noThenProperty: stands in for a drizzle query builder
      then: (resolve, reject) => {
        runs++;
        return Promise.resolve(['row']).then(resolve, reject);
      },
    });
    const lookups = new Map();
    expect(await lookup(lookups, 'k', query)).toEqual(['row']);
    expect(await lookup(lookups, 'k', query)).toEqual(['row']);
    expect(runs).toBe(1);
    // Without a batch, every read goes to the database.
    await lookup(undefined, 'k', query);
    await lookup(undefined, 'k', query);
    expect(runs).toBe(3);
  });
});
