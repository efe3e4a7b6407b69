import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GzipMembers, tarEntryBytes } from './gzip-members.ts';

async function gzipInMembers(chunks: Buffer[], switches: [number, number][]) {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  const gzip = new GzipMembers(out);
  for (const [at, level] of switches) gzip.switchAt(at, level);
  const ended = new Promise((resolve) => out.on('end', resolve));
  for (const chunk of chunks) gzip.write(chunk);
  gzip.end();
  await ended;
  return Buffer.concat(parts);
}

const members = (gz: Buffer) => {
  let n = 0;
  for (let i = 0; i + 2 < gz.length; i++) if (gz[i] === 0x1f && gz[i + 1] === 0x8b && gz[i + 2] === 8) n++;
  return n;
};

describe('a gzip stream in members of different levels', () => {
  it('decompresses to the input, switching exactly at the given offsets, even inside a chunk', async () => {
    const text = Buffer.from('the same line again\n'.repeat(5000));
    const noise = randomBytes(300_000);
    const input = Buffer.concat([text, noise, text]);
    // Chunks that straddle both switch points.
    const chunks = [input.subarray(0, 70_000), input.subarray(70_000, 250_000), input.subarray(250_000)];
    const gz = await gzipInMembers(chunks, [
      [text.length, 0],
      [text.length + noise.length, 6],
    ]);
    expect(gunzipSync(gz).equals(input)).toBe(true);
    expect(members(gz)).toBeGreaterThanOrEqual(3);
    // The noise is stored (level 0: a few bytes of framing per 64 kB block), the text compressed.
    expect(gz.length).toBeLessThan(noise.length + 2 * text.length * 0.05);
    expect(gz.length).toBeGreaterThanOrEqual(noise.length);
  });

  it('is one member when the level never changes, and empty input is still a gzip file', async () => {
    const input = Buffer.from('hello\n'.repeat(100));
    const gz = await gzipInMembers([input], [[0, 6]]);
    expect(gunzipSync(gz).equals(input)).toBe(true);
    expect(gunzipSync(await gzipInMembers([], [])).length).toBe(0);
  });

  it('counts a tar entry as a 512-byte header and its content padded to 512 bytes', () => {
    expect(tarEntryBytes(0)).toBe(512);
    expect(tarEntryBytes(1)).toBe(1024);
    expect(tarEntryBytes(512)).toBe(1024);
    expect(tarEntryBytes(513)).toBe(1536);
  });
});
