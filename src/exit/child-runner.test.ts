import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childProcessRunner } from './child-runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'tandem-child-runner-'));

/** A stand-in for `tandem`: its behaviour is chosen by the run id it is given. */
const cli = join(dir, 'fake-tandem.mjs');
writeFileSync(
  cli,
  `import { writeFileSync } from 'node:fs';
const [command, workspaceId, runId] = process.argv.slice(2);
const heap = process.execArgv.find((a) => a.startsWith('--max-old-space-size'));
if (runId === 'ok') writeFileSync(${JSON.stringify(join(dir, 'args.json'))}, JSON.stringify({ command, workspaceId, heap }));
if (runId === 'dies') { console.error('reading rows'); console.error('FATAL ERROR: heap out of memory'); process.exit(134); }
if (runId === 'hangs') setInterval(() => {}, 1000);
`,
);
const runner = childProcessRunner({ execPath: process.execPath, execArgv: [], cli });

describe('the exit runs in a child process', () => {
  it('passes the workspace and run to `tandem exit-run`, with the capped heap', async () => {
    await runner.run('ws-1', 'ok');
    expect(JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8'))).toEqual({
      command: 'exit-run',
      workspaceId: 'ws-1',
      heap: '--max-old-space-size=160',
    });
  });

  it('rejects with the last line the child wrote when it dies', async () => {
    await expect(runner.run('ws-1', 'dies')).rejects.toThrow(
      'The export process ended with code 134: FATAL ERROR: heap out of memory',
    );
  });

  it('ends a run still working when the server stops', async () => {
    const running = runner.run('ws-1', 'hangs');
    setTimeout(() => runner.stop(), 200);
    await expect(running).rejects.toThrow('The export process was stopped by SIGTERM');
  });
});
