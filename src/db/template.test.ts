import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { unpackTemplate } from './template.ts';

async function archive(entries: { name: string; body?: string }[]) {
  const pack = tar.pack();
  for (const e of entries)
    if (e.body === undefined) pack.entry({ name: e.name, type: 'directory' });
    else pack.entry({ name: e.name }, e.body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  const dir = mkdtempSync(join(tmpdir(), 'template-test-'));
  writeFileSync(join(dir, 'template.tar.gz'), gzipSync(Buffer.concat(chunks)));
  return { file: join(dir, 'template.tar.gz'), target: join(dir, 'pgdata') };
}

describe('unpacking the database template', () => {
  it('writes every folder and file of the dump (absolute names as PGlite writes them) into the target', async () => {
    const { file, target } = await archive([
      { name: '/global' },
      { name: '/PG_VERSION', body: '18\n' },
      { name: '/base/5/1259', body: 'catalogue' },
    ]);
    await unpackTemplate(file, target);
    expect(readFileSync(join(target, 'PG_VERSION'), 'utf8')).toBe('18\n');
    expect(readFileSync(join(target, 'base/5/1259'), 'utf8')).toBe('catalogue');
    expect(existsSync(join(target, 'global'))).toBe(true);
    expect(existsSync(`${target}.partial`)).toBe(false);
  });

  it('refuses a path outside the folder and leaves no data folder behind', async () => {
    const { file, target } = await archive([
      { name: '/PG_VERSION', body: '18\n' },
      { name: '../../escaped', body: 'x' },
    ]);
    await expect(unpackTemplate(file, target)).rejects.toThrow('outside its folder: ../../escaped');
    expect(existsSync(target)).toBe(false);
  });
});
