import { describe, expect, it } from 'vitest';
import {
  roundLikeNumeric,
  sharedCount,
  TrigramIndex,
  trigramDistance,
  trigramSimilarity,
  trigramsOf,
} from './trigrams.ts';

const similarity = (a: string, b: string) => {
  const index = new TrigramIndex();
  const [x, y] = [index.idsOf(a), index.idsOf(b)];
  return trigramSimilarity(sharedCount(x, y), x.length, y.length);
};

describe('trigrams as pg_trgm makes them', () => {
  it('pads each word with two spaces before and one after', () => {
    // show_trgm('cat') = {"  c"," ca","at ","cat"}
    expect(trigramsOf('cat').sort()).toEqual(['  c', ' ca', 'at ', 'cat']);
    expect(trigramsOf('a').sort()).toEqual(['  a', ' a ']);
  });

  it('splits words at anything but letters and digits, lower-cases, and keeps each trigram once', () => {
    expect(trigramsOf('VPN-down!').sort()).toEqual(trigramsOf('vpn down').sort());
    expect(trigramsOf('lt_25877')).toEqual(trigramsOf('lt 25877'));
    expect(trigramsOf('aaaa aaaa')).toHaveLength(trigramsOf('aaaa').length);
    expect(trigramsOf('—  ...')).toEqual([]);
  });

  it('counts letters of other scripts as letters (a UTF-8 locale)', () => {
    expect(trigramsOf('café')).toContain('fé ');
    // A letter outside the Basic Multilingual Plane is one character of a trigram, not two.
    expect(trigramsOf('𝒜b').sort()).toEqual(['  𝒜', ' 𝒜b', '𝒜b '].sort());
  });
});

describe('trigram ids', () => {
  it('are the same for a trigram whether its text is ASCII alone or not', () => {
    const index = new TrigramIndex();
    const ascii = index.idsOf('Printer_jammed, AGAIN 2x!');
    expect(ascii).toHaveLength(trigramsOf('Printer_jammed, AGAIN 2x!').length);
    const mixed = index.idsOf('printer jammed again 2x é');
    expect(sharedCount(ascii, mixed)).toBe(ascii.length);
    expect(mixed).toHaveLength(ascii.length + trigramsOf('é').length);
  });
});

describe('similarity and distance', () => {
  it("gives pg_trgm's figures as float4", () => {
    // PostgreSQL's documentation: similarity('word', 'two words') = 0.36363637
    expect(similarity('word', 'two words')).toBe(Math.fround(0.36363637));
    expect(similarity('printer jammed', 'printer jammed')).toBe(1);
    expect(similarity('', 'anything')).toBe(0);
    expect(trigramDistance(Math.fround(0.3))).toBe(Math.fround(0.7));
  });

  it('finds the texts within a distance, nearest first, never the text itself', () => {
    const index = TrigramIndex.of(['printer jammed', 'printer jammed again', 'vpn down', 'printer jam']);
    const near = index.near(0, Math.fround(0.7));
    expect(near.map(([text]) => text)).toEqual([1, 3]);
    expect(near[0]![1]).toBeLessThan(near[1]![1]);
    expect(index.near(2, Math.fround(0.7))).toEqual([]);
    index.add('printer jammed twice');
    expect(() => index.near(0, 0.7)).toThrow(/seal/);
    index.seal();
    expect(index.near(0, Math.fround(0.7)).map(([text]) => text)).toContain(4);
  });
});

describe('round(x::numeric, 3) as PostgreSQL does from a float8', () => {
  it('rounds the 15-digit decimal half away from zero', () => {
    expect(roundLikeNumeric(0.0125, 3)).toBe(0.013); // Math.round(0.0125 * 1000) / 1000 is 0.012
    expect(roundLikeNumeric(0.0115, 3)).toBe(0.012);
    expect(roundLikeNumeric(0.08750000000000001, 3)).toBe(0.088);
    expect(roundLikeNumeric(0.017499999701976778, 3)).toBe(0.017);
    expect(roundLikeNumeric(-0.0125, 3)).toBe(-0.013);
    expect(roundLikeNumeric(1, 3)).toBe(1);
    expect(roundLikeNumeric(1e-9, 3)).toBe(0);
  });
});
