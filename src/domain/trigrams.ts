// Trigram similarity as PostgreSQL's pg_trgm computes it, in memory: the recurrence job compares a
// scope's subjects here instead of asking the database for each ticket's nearest ones (a trigram
// index walk cost ~2 ms a ticket at 7,000 tickets a scope and grew with the scope).
//
// pg_trgm's rules: a word is a run of letters and digits (anything else separates words), padded
// with two spaces before and one after; its trigrams are every three consecutive characters of that;
// a text's trigrams are the set over its words. similarity = shared / (|a| + |b| - shared), as a
// float4; the distance `<->` is 1 - similarity, as a float4. Letters of other scripts count as under
// a UTF-8 locale (PostgreSQL in the C locale treats them as separators).

const WORD = /[\p{L}\p{N}]+/gu;

const SURROGATE = /[\uD800-\uDFFF]/;
/** Anything but printable ASCII and white space: such a text takes the general (string) path. */
const NOT_ASCII = /[^\t\n\r -~]/;
const SPACE = 32;
/** A trigram of three ASCII characters as one number (7 bits each): cheaper to key than a string. */
const asciiKey = (a: number, b: number, c: number) => (a << 14) | (b << 7) | c;
function keyOf(trigram: string): number | string {
  if (trigram.length !== 3 || NOT_ASCII.test(trigram)) return trigram;
  return asciiKey(trigram.charCodeAt(0), trigram.charCodeAt(1), trigram.charCodeAt(2));
}

/** The distinct trigrams of a text, lower-cased as pg_trgm does. */
export function trigramsOf(text: string): string[] {
  const found = new Set<string>();
  const lower = text.toLowerCase();
  // Characters outside the Basic Multilingual Plane are two UTF-16 units: split those by code point.
  const byCodePoint = SURROGATE.test(lower);
  for (const [word] of lower.matchAll(WORD)) {
    const padded = `  ${word} `;
    if (!byCodePoint) {
      for (let i = 0; i + 3 <= padded.length; i++) found.add(padded.slice(i, i + 3));
      continue;
    }
    const chars = Array.from(padded);
    for (let i = 0; i + 2 < chars.length; i++) found.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  }
  return [...found];
}

/** pg_trgm's similarity of two trigram counts sharing `shared`, rounded to a float4 as it is. */
export function trigramSimilarity(shared: number, sizeA: number, sizeB: number): number {
  if (sizeA <= 0 || sizeB <= 0) return 0;
  return Math.fround(shared / (sizeA + sizeB - shared));
}

/** pg_trgm's `<->`. */
export const trigramDistance = (similarity: number) => Math.fround(1 - similarity);

/** Shared entries of two ascending id arrays. */
export function sharedCount(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared;
}

/**
 * Texts as sorted trigram ids and, once sealed, an inverted index from trigram to texts: a text's
 * near ones are found by counting, over its trigrams' postings, how many each other text shares
 * (the costly part is the common trigrams' postings, a few thousand entries each). Texts are added
 * one at a time, so a caller can let other work run between them.
 */
export class TrigramIndex {
  private readonly ids = new Map<number | string, number>();
  readonly sets: Int32Array[] = [];
  private postings: Int32Array[] | null = null;
  private counts = new Int32Array(0);
  private touched = new Int32Array(0);

  /** An index of these texts, sealed. */
  static of(texts: readonly string[]): TrigramIndex {
    const index = new TrigramIndex();
    for (const text of texts) index.add(text);
    index.seal();
    return index;
  }

  /** Adds a text; its number is the count of texts before it. */
  add(text: string): number {
    this.sets.push(this.idsOf(text));
    this.postings = null;
    return this.sets.length - 1;
  }

  /** Builds the inverted index over the texts added so far (near() needs it). */
  seal(): void {
    const sizes = new Int32Array(this.ids.size);
    for (const set of this.sets) for (const id of set) sizes[id]!++;
    const postings = Array.from({ length: this.ids.size }, (_, id) => new Int32Array(sizes[id]!));
    const filled = new Int32Array(this.ids.size);
    this.sets.forEach((set, text) => {
      for (const id of set) postings[id]![filled[id]!++] = text;
    });
    this.postings = postings;
    this.counts = new Int32Array(this.sets.length);
    this.touched = new Int32Array(this.sets.length);
  }

  /** A text's sorted trigram ids; trigrams no text of the index has get ids of their own. */
  idsOf(text: string): Int32Array {
    const found = NOT_ASCII.test(text)
      ? trigramsOf(text).map((t) => this.idOf(keyOf(t)))
      : this.asciiIds(text);
    const sorted = Int32Array.from(found).sort();
    let kept = 0;
    for (let i = 0; i < sorted.length; i++)
      if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[kept++] = sorted[i]!;
    return sorted.subarray(0, kept);
  }

  /** trigramsOf for a text of ASCII alone, without the strings: words are [a-z0-9] runs. */
  private asciiIds(text: string): number[] {
    const found: number[] = [];
    let a = SPACE;
    let b = SPACE;
    let inWord = false;
    for (let i = 0; i <= text.length; i++) {
      let c = i < text.length ? text.charCodeAt(i) : 0;
      if (c >= 65 && c <= 90) c += 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
        if (!inWord) {
          a = SPACE;
          b = SPACE;
          inWord = true;
        }
        found.push(this.idOf(asciiKey(a, b, c)));
        a = b;
        b = c;
      } else if (inWord) {
        found.push(this.idOf(asciiKey(a, b, SPACE)));
        inWord = false;
      }
    }
    return found;
  }

  private idOf(key: number | string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }

  /**
   * The other texts at most maxDistance from text `of`, nearest first (equal distances in index
   * order), as [index, distance].
   */
  near(of: number, maxDistance: number): Array<[number, number]> {
    const postings = this.postings;
    if (!postings) throw new Error('TrigramIndex.near() needs seal() after the last add()');
    const own = this.sets[of]!;
    let touchedCount = 0;
    for (const id of own) {
      const posting: Int32Array = postings[id]!;
      for (let k = 0; k < posting.length; k++) {
        const text = posting[k]!;
        const count = this.counts[text]!;
        this.counts[text] = count + 1;
        if (count === 0) this.touched[touchedCount++] = text;
      }
    }
    const found: Array<[number, number]> = [];
    for (let k = 0; k < touchedCount; k++) {
      const text = this.touched[k]!;
      const shared = this.counts[text]!;
      this.counts[text] = 0;
      if (text === of) continue;
      const distance = trigramDistance(trigramSimilarity(shared, own.length, this.sets[text]!.length));
      if (distance <= maxDistance) found.push([text, distance]);
    }
    return found.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  }
}

/**
 * `round(x::numeric, places)::float8` as PostgreSQL computes it from a float8: the value is first
 * written with 15 significant digits, then rounded half away from zero on that decimal text (so
 * 0.0125, stored as 0.01249999…, becomes 0.013 there, not 0.012 as Math.round would make it).
 */
export function roundLikeNumeric(x: number, places: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const text = Math.abs(x).toPrecision(15);
  const decimal = text.includes('e') ? Math.abs(x).toFixed(places + 1) : text;
  const [whole = '0', fraction = ''] = decimal.split('.');
  const kept = Number(`${whole}${fraction.slice(0, places).padEnd(places, '0')}`);
  const up = (fraction[places] ?? '0') >= '5' ? 1 : 0;
  return (Math.sign(x) * (kept + up)) / 10 ** places;
}
