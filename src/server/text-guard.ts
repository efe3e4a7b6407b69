import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/**
 * Text is checked once, at the edge, for every route: a NUL character (PostgreSQL cannot store
 * it, so it used to answer 500), invalid UTF-8 and lone surrogates (they used to be stored as
 * replacement characters) are refused with 400 INVALID_TEXT naming where, before anything runs.
 */
export class InvalidText extends AppError {
  constructor(where: string, problem: string) {
    super(400, 'INVALID_TEXT', `${where}: ${problem}`, [{ path: where, message: problem }]);
  }
}

const NOT_UTF8 = 'is not valid UTF-8 text';

/** Why a decoded string cannot be accepted, or null when it is fine. */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character, which text may not hold';
  if (!value.isWellFormed()) return 'contains a lone surrogate, which is not valid Unicode text';
  return null;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 bytes, or null when they are not valid UTF-8 (never replacement characters). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * A query-string component decoded strictly: `%XX` escapes and the raw bytes around them must
 * form valid UTF-8 (`+` is a space). A stray `%` not followed by two hex digits stays literal.
 */
function decodeComponent(raw: string): string | null {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const char = raw.charCodeAt(i);
    const hex = raw[i] === '%' ? raw.slice(i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (raw[i] === '+') {
      bytes.push(0x20);
    } else if (char > 0xff) {
      // Not from the wire (the HTTP parser gives bytes as latin1), but keep it honest.
      bytes.push(...Buffer.from(raw[i]!, 'utf8'));
    } else {
      bytes.push(char);
    }
  }
  return decodeUtf8(Uint8Array.from(bytes));
}

/** The raw query string, pair by pair, decoded strictly; the first bad one is refused by name. */
function checkQueryString(url: string) {
  const start = url.indexOf('?');
  if (start < 0) return;
  for (const pair of url.slice(start + 1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const name = decodeComponent(rawName);
    const nameProblem = name === null ? `a parameter name ${NOT_UTF8}` : textProblem(name);
    if (nameProblem) throw new InvalidText('querystring', nameProblem);
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    const problem = value === null ? NOT_UTF8 : textProblem(value);
    if (problem) throw new InvalidText(`querystring.${name}`, problem);
  }
}

/**
 * Every string (and object key) in a parsed value, walked without recursion so a deeply nested
 * body cannot exhaust the stack; throws for the first bad one with its path (`body.options.0.label`).
 */
export function checkStrings(value: unknown, root: string) {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) throw new InvalidText(path, problem);
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], `${path}.${i}`]);
    } else if (current !== null && typeof current === 'object' && !Buffer.isBuffer(current)) {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const keyProblem = textProblem(key);
        if (keyProblem) throw new InvalidText(path, `a field name ${keyProblem}`);
        stack.push([child, `${path}.${key}`]);
      }
    }
  }
}

export function registerTextGuard(app: FastifyInstance) {
  // First onRequest hook: params and query reach the workspace lookup in auth, so they are
  // checked before it.
  app.addHook('onRequest', async (request: FastifyRequest) => {
    checkStrings(request.params ?? {}, 'params');
    checkQueryString(request.url);
  });

  // JSON (and plain text) bodies are decoded fatally instead of with replacement characters.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const text = decodeUtf8(body as Buffer);
    if (text === null) return done(new InvalidText('body', NOT_UTF8), undefined);
    return parseJson(request, text, done);
  });
  app.addContentTypeParser('text/plain', { parseAs: 'buffer' }, (_request, body, done) => {
    const text = decodeUtf8(body as Buffer);
    if (text === null) return done(new InvalidText('body', NOT_UTF8), undefined);
    const problem = textProblem(text);
    return problem ? done(new InvalidText('body', problem), undefined) : done(null, text);
  });

  app.addHook('preValidation', async (request: FastifyRequest) => {
    if (request.body !== undefined) checkStrings(request.body, 'body');
  });
}
