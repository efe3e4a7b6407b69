import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import pg from 'pg';
import { tempDir } from './temp-dirs.ts';

const root = new URL('..', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export type RunningServer = {
  url: string;
  port: number;
  dataDir: string;
  output: () => string;
  process: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

export type ServerOptions = {
  dataDir?: string;
  databaseUrl?: string;
  port?: number;
  demo?: boolean;
  env?: Record<string, string>;
};

/** The servers this spec file has started and not yet stopped, for failure messages. */
const runningServers = new Set<RunningServer>();

/** The end of each running server's output (warnings and errors only: LOG_LEVEL is warn). */
export function runningServersOutput(): string {
  if (runningServers.size === 0) return '(no server running)';
  return [...runningServers]
    .map((server) => `[${server.url}] ${server.output().slice(-4000) || '(nothing)'}`)
    .join('\n');
}

/** Starts the built server (`node bin/tandem.js serve`) as a newcomer would, and waits until /readyz answers 200. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? tempDir('tandem-e2e-');
  let log = '';
  const child = spawn(
    process.execPath,
    ['bin/tandem.js', 'serve', ...(options.demo === false ? ['--no-demo'] : [])],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        TANDEM_DATA_DIR: dataDir,
        TANDEM_PUBLIC_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'warn',
        TANDEM_SECRET_KEY: 'a'.repeat(64),
        // No simulated demo history per server (minutes of CPU); a spec that wants it sets it.
        TANDEM_DEMO_HISTORY_MONTHS: '0',
        ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATABASE_URL: '' }),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  let stopping = false;
  // Before it is ready, an exit is the start's own error (thrown below with the whole output).
  let ready = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      // A server that dies during a spec otherwise shows only as refused connections: say how it
      // ended (a signal such as SIGKILL points at the machine's memory) and what it wrote last.
      if (ready && !stopping)
        console.error(
          `the server at ${url} exited during the spec (${signal ?? code}):\n${log.slice(-6000)}`,
        );
      resolve(code);
    }),
  );
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${log}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.status === 200) {
        ready = true;
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stopping = true;
      child.kill('SIGKILL');
      throw new Error(`server not ready in time:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const server: RunningServer = {
    url,
    port,
    dataDir,
    output: () => log,
    process: child,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      stopping = true;
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
  runningServers.add(server);
  void exited.then(() => runningServers.delete(server));
  return server;
}

/** A fresh, empty PostgreSQL database for one spec (when TEST_DATABASE_URL is set). */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return null;
  const name = `tandem_e2e_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const DEMO_PASSWORD = 'tandem-demo-2026';

/** Signs in through the API and returns a cookie + CSRF header pair for fetch. */
export async function apiSession(url: string, email: string, password = DEMO_PASSWORD) {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { csrfToken: string; session: { mfaState: string } };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  return {
    headers: { cookie, 'x-csrf-token': body.csrfToken, 'content-type': 'application/json' },
    mfaState: body.session.mfaState,
  };
}
