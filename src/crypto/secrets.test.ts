import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptSecret,
  encryptSecret,
  hashPassword,
  randomSecret,
  safeEqual,
  sha256,
  verifyPassword,
} from './secrets.ts';

const key = randomBytes(32);
const otherKey = randomBytes(32);
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** Rewrites one base64url part of an iv.tag.ciphertext string. */
function editPart(sealed: string, index: number, edit: (bytes: Buffer) => Buffer) {
  const parts = sealed.split('.');
  parts[index] = edit(Buffer.from(parts[index]!, 'base64url')).toString('base64url');
  return parts.join('.');
}
const flipFirstBit = (bytes: Buffer) => {
  const copy = Buffer.from(bytes);
  copy[0] = copy[0]! ^ 1;
  return copy;
};

describe('encryptSecret / decryptSecret', () => {
  it.each([
    ['a TOTP seed', SEED],
    ['an empty string', ''],
    ['non-ASCII text', 'pässwörd ✓ 秘密'],
    ['a long value', 'x'.repeat(10_000)],
  ])('round-trips %s', (_name, plain) => {
    expect(decryptSecret(key, encryptSecret(key, plain))).toBe(plain);
  });

  it('seals as iv.tag.ciphertext without the plain text in it', () => {
    const sealed = encryptSecret(key, SEED);
    const [iv, tag, body, ...rest] = sealed.split('.');
    expect(rest).toEqual([]);
    expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(body!, 'base64url')).toHaveLength(SEED.length);
    expect(sealed).not.toContain(SEED);
  });

  it('uses a fresh IV each time, so the same secret seals differently', () => {
    expect(encryptSecret(key, SEED)).not.toBe(encryptSecret(key, SEED));
  });

  const tamperings: Array<[string, (sealed: string) => string]> = [
    ['a flipped ciphertext bit', (s) => editPart(s, 2, flipFirstBit)],
    ['a flipped tag bit', (s) => editPart(s, 1, flipFirstBit)],
    ['a flipped IV bit', (s) => editPart(s, 0, flipFirstBit)],
    ['a truncated ciphertext', (s) => editPart(s, 2, (b) => b.subarray(0, b.length - 1))],
    ['an extended ciphertext', (s) => editPart(s, 2, (b) => Buffer.concat([b, Buffer.from([0])]))],
    // GCM accepts short tags unless told otherwise; a 4-byte tag would make forgery cheap.
    ['a tag truncated to 4 bytes', (s) => editPart(s, 1, (b) => b.subarray(0, 4))],
    ['a tag truncated to 12 bytes', (s) => editPart(s, 1, (b) => b.subarray(0, 12))],
    ['a missing part', (s) => s.split('.').slice(0, 2).join('.')],
    ['not a sealed value at all', () => 'garbage'],
  ];

  it.each(tamperings)('refuses %s (throws instead of returning text)', (_name, tamper) => {
    const sealed = encryptSecret(key, SEED);
    expect(() => decryptSecret(key, tamper(sealed))).toThrow();
  });

  it('refuses to decrypt with another key', () => {
    expect(() => decryptSecret(otherKey, encryptSecret(key, SEED))).toThrow();
  });
});

describe('sha256, safeEqual and randomSecret', () => {
  it('sha256 is the hex SHA-256 digest', () => {
    expect(sha256('tdm_abc')).toBe(createHash('sha256').update('tdm_abc').digest('hex'));
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it.each([
    ['equal strings', 'abc', 'abc', true],
    ['different strings of the same length', 'abc', 'abd', false],
    ['a prefix', 'abc', 'ab', false],
    ['empty and non-empty', '', 'a', false],
  ])('safeEqual: %s → %s', (_name, a, b, expected) => {
    expect(safeEqual(a, b)).toBe(expected);
  });

  it('randomSecret gives 256 bits of base64url by default and differs each time', () => {
    const a = randomSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomSecret()).not.toBe(a);
    expect(Buffer.from(randomSecret(8), 'base64url')).toHaveLength(8);
  });
});

describe('hashPassword / verifyPassword', () => {
  it('accepts the right password and refuses a wrong one, a missing hash and a malformed hash', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapl')).toBe(false);
    expect(await verifyPassword(null, 'correct horse battery staple')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'correct horse battery staple')).toBe(false);
  });
});
