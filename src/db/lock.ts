import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type DataDirLock = { release(): void };

export class DataDirLockedError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The data folder ${dataDir} is in use by another Tandem process (pid ${pid}). ` +
        'The embedded database can be opened by one process only; stop the other one, ' +
        'or set DATABASE_URL to run several instances against PostgreSQL.',
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Lock files this process holds: a file naming our own pid that is not here is stale. */
const heldHere = new Set<string>();

/** Security: two processes writing one PGlite folder corrupt it, so the folder is locked by pid. */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = join(dataDir, 'tandem.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(path);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          heldHere.delete(path);
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      // Our own pid is alive by definition; after a container restart the new process often gets
      // the pid of the one that died, so the file is ours only if this process wrote it.
      const ours = pid === process.pid && !heldHere.has(path);
      if (Number.isFinite(pid) && !ours && isAlive(pid)) throw new DataDirLockedError(dataDir, pid);
      // The holder died (kill -9, power loss, container restart): the lock is stale.
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
