import { describe, expect, it } from 'vitest';
import { importOrder, isSecretColumn, type TableInfo } from './catalog.ts';
import { firstFieldDifference } from './compare.ts';
import { checkManifest } from './extract.ts';
import { FORMAT_VERSION, SAFE_ENTRY, slugify } from './format.ts';
import { articleMarkdown } from './knowledge.ts';

const table = (name: string, references: string[] = []): TableInfo => ({
  name,
  columns: [],
  primaryKey: ['id'],
  references,
  accountColumns: [],
});

describe('import order', () => {
  it('puts every table after the tables it references, names breaking ties', () => {
    const order = importOrder([
      table('ticket_comments', ['tickets']),
      table('tickets', ['parties']),
      table('parties'),
      table('articles'),
      table('systems', ['articles', 'parties']),
    ]).map((t) => t.name);
    expect(order).toEqual(['articles', 'parties', 'systems', 'tickets', 'ticket_comments']);
  });

  it('refuses a cycle by name', () => {
    expect(() => importOrder([table('a', ['b']), table('b', ['a']), table('c')])).toThrow(
      'Foreign keys form a cycle among: a, b',
    );
  });
});

describe('secret columns', () => {
  it.each([
    ['password_hash', true],
    ['token_hash', true],
    ['feed_token_hash', true],
    ['secret', true],
    ['mfa_secret_enc', true],
    ['mfa_pending_secret_enc', true],
    ['code_hash', true],
    ['csrf_token', true],
    ['sha256', false],
    ['secretary_name', false],
    ['token_count', false],
  ])('%s → %s', (column, secret) => expect(isSecretColumn(column)).toBe(secret));
});

describe('manifest format', () => {
  const manifest = {
    format: 'tandem-workspace-export',
    formatVersion: FORMAT_VERSION,
    tandemVersion: '0.1.0',
    createdAt: '2026-12-02T07:00:00.000Z',
    workspace: { id: '7ea5fcb2-33b9-47e9-9fa5-069cfb19b679', slug: 'acme', name: 'Acme' },
    counts: { tickets: 1 },
    files: { 'data/tickets.jsonl': { sha256: 'a'.repeat(64), bytes: 10 } },
  };
  it('reads the current version', () => expect(checkManifest(manifest)).toEqual(manifest));
  it('refuses a newer version naming the Tandem that wrote it', () =>
    expect(() => checkManifest({ ...manifest, formatVersion: 2, tandemVersion: '1.4.0' })).toThrow(
      /format version 2, written by Tandem 1.4.0.*Upgrade Tandem to 1.4.0/,
    ));
  it('refuses something else', () => expect(() => checkManifest({ format: 'zip' })).toThrow(/not a Tandem/));
  it('names an invalid field', () =>
    expect(() => checkManifest({ ...manifest, workspace: { ...manifest.workspace, id: 'x' } })).toThrow(
      /manifest.json is invalid at workspace.id/,
    ));
});

describe('archive entry names', () => {
  it.each([
    ['data/tickets.jsonl', true],
    ['knowledge/KB-1-reset-a-password.md', true],
    ['../etc/passwd', false],
    ['/etc/passwd', false],
    ['data/../x', false],
    ['data//x', false],
  ])('%s → %s', (name, safe) => expect(SAFE_ENTRY.test(name)).toBe(safe));
  it('makes file-name slugs from titles', () =>
    expect(slugify('Réinitialiser le VPN: étapes!')).toBe('reinitialiser-le-vpn-etapes'));
});

describe('comparing two exports', () => {
  it('ignores time stamps but names the first other difference', () => {
    expect(
      firstFieldDifference({ at: '2026-01-01T10:00:00Z', n: 1 }, { at: '2026-02-01T11:00:00Z', n: 1 }),
    ).toBeNull();
    expect(firstFieldDifference({ a: { b: 'x' } }, { a: { b: 'y' } })).toBe('a.b: "x" ≠ "y"');
    expect(firstFieldDifference({ a: 1 }, { a: 1, extra: true })).toBe('extra: undefined ≠ true');
  });
});

describe('article Markdown', () => {
  it('writes front matter that any YAML reader takes, whatever the title holds', () => {
    const md = articleMarkdown({
      id: 'x',
      key: 'KB-7',
      title: 'Reset: "the" VPN',
      type: 'how_to',
      status: 'published',
      visibility: 'internal',
      summary: 'Short',
      body: 'Step 1',
      owner_party: 'Acme IT',
      reviewer: null,
      review_due_on: '2027-01-01',
      updated_at: '2026-12-01T10:00:00Z',
      links: [{ kind: 'service', target: 'abc' }],
      files: [{ filename: 'a.png', content_type: 'image/png', sha256: 'f'.repeat(64), bytes: 3 }],
    });
    expect(md).toContain('title: "Reset: \\"the\\" VPN"');
    expect(md).toContain('reviewer: null');
    expect(md).toContain('  - "service:abc"');
    expect(md).toContain(`](../attachments/${'f'.repeat(64)})`);
  });
});
