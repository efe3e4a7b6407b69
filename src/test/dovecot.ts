import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Runs dovecot's command; the master daemonizes, so its output is not waited for (it stays open). */
const run = (file: string, args: string[]) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited with ${code}`))));
  });
export const DOVECOT = '/usr/sbin/dovecot';

export type TestDovecot = {
  host: string;
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
};

async function freePort() {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/**
 * Debian's Dovecot (dovecot-imapd), started by the test itself: its own configuration, mail and
 * run folders in a temporary folder, plain IMAP on a free loopback port, one user. The machine's
 * own Dovecot service, if any, is left alone.
 */
export async function startDovecot(): Promise<TestDovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-dovecot-'));
  const port = await freePort();
  const root = process.getuid?.() === 0;
  // Dovecot refuses to run mail processes as root: as root they run as nobody.
  const uid = root ? 65534 : (process.getuid?.() ?? 65534);
  const gid = root ? 65534 : (process.getgid?.() ?? 65534);
  const me = root ? 'nobody' : userInfo().username;
  const internal = root ? 'root' : userInfo().username;
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
  chmodSync(dir, 0o755);
  if (root) chownSync(join(dir, 'mail'), uid, gid);
  const user = 'desk';
  const password = 'imap-test-password';
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = tandem-test-${port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
default_login_user = ${me}
default_internal_user = ${internal}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/mail/%u
}
`,
  );
  await run(DOVECOT, ['-c', join(dir, 'dovecot.conf')]);
  const until = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (Date.now() > until) {
      let log = '';
      try {
        log = readFileSync(join(dir, 'dovecot.log'), 'utf8');
      } catch {}
      throw new Error(`dovecot did not start listening on ${port}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    async stop() {
      await run(DOVECOT, ['-c', join(dir, 'dovecot.conf'), 'stop']).catch(() => {});
      await new Promise((r) => setTimeout(r, 300));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
