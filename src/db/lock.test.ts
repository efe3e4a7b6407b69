import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './lock.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'tandem-lock-'));

describe('data folder lock', () => {
  it('refuses a second opener while the first holds the folder, naming its pid', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(String(process.pid));
    lock.release();
    expect(existsSync(join(dir, 'tandem.lock'))).toBe(false);
    acquireDataDirLock(dir).release();
  });

  it('takes over a lock left by a process that died', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid!;
    await new Promise((resolve) => child.once('exit', resolve));
    writeFileSync(join(dir, 'tandem.lock'), String(deadPid));
    const lock = acquireDataDirLock(dir);
    lock.release();
  });

  it('takes over a stale lock holding its own pid (a container restart reuses pids, often 1)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tandem.lock'), String(process.pid));
    const lock = acquireDataDirLock(dir);
    expect(readFileSync(join(dir, 'tandem.lock'), 'utf8')).toBe(String(process.pid));
    // Still one holder: this process now holds it, so a second opener is refused.
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    lock.release();
    expect(existsSync(join(dir, 'tandem.lock'))).toBe(false);
  });
});
