import { type ChildProcess, spawn } from 'node:child_process';

/** Runs one requested export or verification to its end (its result is written to the run's row). */
export type ExitRunner = {
  run(workspaceId: string, runId: string): Promise<void>;
  /** Ends runs still working (the server is stopping; the job is retried elsewhere or later). */
  stop(): void;
};

/** V8's old space of the child: the same cap as `tandem export` (bench/README.md, "Workspace export"). */
const CHILD_OLD_SPACE_MB = 160;
const KEPT_OUTPUT_CHARS = 4000;

/**
 * On PostgreSQL the server hands each run to a child process (`tandem exit-run`), so streaming a
 * gigabyte through short-lived buffers, or the verification's scratch database, never grows the
 * server that answers requests; the child connects to the same database with the same settings.
 * On the embedded engine the data folder belongs to the server, so runs stay in its process.
 */
export function childProcessRunner(command: {
  execPath: string;
  execArgv: string[];
  cli: string;
}): ExitRunner {
  const running = new Set<ChildProcess>();
  return {
    run: (workspaceId, runId) =>
      new Promise((resolve, reject) => {
        const child = spawn(
          command.execPath,
          [
            ...command.execArgv,
            `--max-old-space-size=${CHILD_OLD_SPACE_MB}`,
            command.cli,
            'exit-run',
            workspaceId,
            runId,
          ],
          { stdio: ['ignore', 'ignore', 'pipe'], env: process.env },
        );
        running.add(child);
        let output = '';
        child.stderr?.on('data', (chunk: Buffer) => {
          output = (output + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARS);
        });
        child.once('error', (error) => {
          running.delete(child);
          reject(error);
        });
        child.once('close', (code, signal) => {
          running.delete(child);
          if (code === 0) resolve();
          else {
            const how = signal ? `was stopped by ${signal}` : `ended with code ${code}`;
            const last = output.trim().split('\n').at(-1) ?? '';
            reject(new Error(`The export process ${how}${last ? `: ${last}` : ''}`));
          }
        });
      }),
    stop: () => {
      for (const child of running) child.kill('SIGTERM');
    },
  };
}
