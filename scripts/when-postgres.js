// Runs the given command only when TEST_DATABASE_URL names a PostgreSQL server (CI sets it).
import { spawnSync } from 'node:child_process';

if (!process.env.TEST_DATABASE_URL) {
  console.log('TEST_DATABASE_URL is not set: the PostgreSQL run of the test suite is skipped.');
  process.exit(0);
}
const [command, ...args] = process.argv.slice(2);
const result = spawnSync(command, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
