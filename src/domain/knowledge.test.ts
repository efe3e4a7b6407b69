import { describe, expect, it } from 'vitest';
import { testActor as actor } from '../test/actors.ts';
import {
  canMoveArticle,
  canPublishArticle,
  canReadArticle,
  diffTexts,
  draftFromTicket,
  isReminderDue,
  isStale,
} from './knowledge.ts';

describe('article status moves', () => {
  it.each([
    ['draft', 'published', true],
    ['draft', 'needs_review', false],
    ['published', 'needs_review', true],
    ['needs_review', 'published', true],
    ['published', 'retired', true],
    ['retired', 'published', false],
    ['retired', 'draft', true],
  ] as const)('%s -> %s is %s', (from, to, ok) => expect(canMoveArticle(from, to)).toBe(ok));
});

describe('staleness and reminders', () => {
  it('is stale only when live and past its review date', () => {
    expect(isStale({ status: 'published', reviewDueOn: '2026-01-01' }, '2026-01-02')).toBe(true);
    expect(isStale({ status: 'published', reviewDueOn: '2026-01-02' }, '2026-01-02')).toBe(false);
    expect(isStale({ status: 'draft', reviewDueOn: '2026-01-01' }, '2026-01-02')).toBe(false);
    expect(isStale({ status: 'needs_review', reviewDueOn: null }, '2026-01-02')).toBe(false);
  });
  it('reminds once per review date', () => {
    const a = { status: 'published' as const, reviewDueOn: '2026-01-01', reviewRemindedOn: null };
    expect(isReminderDue(a, '2026-01-01')).toBe(true);
    expect(isReminderDue({ ...a, reviewRemindedOn: '2026-01-01' }, '2026-01-05')).toBe(false);
    expect(isReminderDue({ ...a, reviewRemindedOn: '2025-06-01' }, '2026-01-05')).toBe(true);
    expect(isReminderDue(a, '2025-12-31')).toBe(false);
  });
});

describe('who publishes and reads', () => {
  const article = { ownerPartyId: 'provider', status: 'published' as const, visibility: 'staff' as const };
  it('lets owner-party staff and the internal lead publish, nobody else', () => {
    expect(canPublishArticle(actor({ partyId: 'provider', partyKind: 'provider' }), article)).toBe(true);
    expect(canPublishArticle(actor({ role: 'lead' }), article)).toBe(true);
    expect(canPublishArticle(actor({}), article)).toBe(false);
    expect(
      canPublishArticle(actor({ partyId: 'provider', partyKind: 'provider', role: 'viewer' }), article),
    ).toBe(false);
  });
  it('shows requesters only published public articles', () => {
    const requester = actor({ role: 'requester', partyId: null, partyKind: null });
    expect(canReadArticle(requester, article)).toBe(false);
    expect(canReadArticle(requester, { ...article, visibility: 'public' })).toBe(true);
    expect(canReadArticle(requester, { status: 'draft', visibility: 'public' })).toBe(false);
    expect(canReadArticle(actor({ role: 'viewer' }), { status: 'draft', visibility: 'staff' })).toBe(true);
  });
});

describe('diffTexts', () => {
  it('marks added and removed lines and folds long unchanged runs', () => {
    const from = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'old'].join('\n');
    const to = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'new'].join('\n');
    const segments = diffTexts(from, to);
    expect(segments.find((s) => s.kind === 'removed')?.text).toBe('old');
    expect(segments.find((s) => s.kind === 'added')?.text).toBe('new');
    expect(segments[0]!.text).toContain('unchanged lines');
  });
  it('gives one unchanged segment for equal texts', () => {
    expect(diffTexts('x\n', 'x\n')).toEqual([{ kind: 'same', text: 'x\n' }]);
  });
});

describe('draftFromTicket', () => {
  it('pre-fills problem, resolution and the conversation, marking staff notes', () => {
    const draft = draftFromTicket({
      key: 'ACME-7',
      subject: 'VPN drops every hour',
      description: 'The VPN disconnects.',
      serviceName: 'Network',
      resolution: 'Renewed the certificate.',
      comments: [
        { author: 'Sam', at: new Date('2026-01-02T10:00:00Z'), body: 'Cert expired', visibility: 'staff' },
      ],
    });
    expect(draft.title).toBe('VPN drops every hour');
    expect(draft.summary).toBe('Written up from ACME-7 (Network).');
    expect(draft.body).toContain('## Problem\n\nThe VPN disconnects.');
    expect(draft.body).toContain('## Resolution\n\nRenewed the certificate.');
    expect(draft.body).toContain('**Sam**, 2026-01-02 (staff note):\n\n> Cert expired');
  });

  it('states the resolving reply once, under "Resolution", not again in the conversation or steps', () => {
    const draft = draftFromTicket({
      key: 'ACME-8',
      subject: 'Printer offline',
      description: 'The printer shows offline.',
      serviceName: null,
      resolution: 'Power-cycled the printer and re-added it.',
      comments: [
        { author: 'Rob', at: new Date('2026-01-02T09:00:00Z'), body: 'Still offline', visibility: 'public' },
        {
          author: 'Ian',
          at: new Date('2026-01-02T10:00:00Z'),
          body: 'Power-cycled the printer and re-added it.',
          visibility: 'public',
        },
      ],
    });
    expect(draft.body.split('Power-cycled the printer and re-added it.')).toHaveLength(2);
    expect(draft.body).toContain('> Still offline');
  });
});
