import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The test files of one worker share its loaded modules (vitest.config.ts: isolate false), so a module
// mocked or an environment variable changed by one file would reach the next files of that worker.
const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bvi\.(do)?mock\(/, 'mocks a module'],
  [/\bvi\.stub(Env|Global)\(/, 'stubs the environment or a global'],
  [/\bprocess\.env(\.\w+|\[[^\]]+\])\s*=[^=]/, 'assigns to process.env'],
  [/\bdelete\s+process\.env\b/, 'deletes from process.env'],
];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('test files that share a worker', () => {
  it('neither mock modules nor change the environment', () => {
    const src = join(import.meta.dirname, '..');
    const files = testFiles(src).filter((file) => !file.endsWith('shared-modules.test.ts'));
    expect(files.length).toBeGreaterThan(100);
    const findings = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return FORBIDDEN.filter(([pattern]) => pattern.test(text)).map(
        ([, what]) => `${relative(src, file)} ${what}`,
      );
    });
    expect(findings).toEqual([]);
  });

  it('would name a file that does', () => {
    const flagged = (text: string) => FORBIDDEN.filter(([pattern]) => pattern.test(text)).map(([, w]) => w);
    expect(flagged("vi.mock('../config.ts')")).toEqual(['mocks a module']);
    expect(flagged("process.env.TANDEM_X = '1'")).toEqual(['assigns to process.env']);
    expect(flagged("process.env['TZ'] = 'UTC'")).toEqual(['assigns to process.env']);
    expect(flagged("if (process.env.CI === 'true') {}")).toEqual([]);
  });
});
