import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from './actor.ts';
import {
  canCommandIncident,
  canRunIncident,
  canWriteReview,
  checkQuarter,
  isUpdateOverdue,
  nextUpdateDue,
  quarterOrder,
  reorderColumn,
} from './incidents.ts';

const actor = (over: Partial<WorkspaceActor>): WorkspaceActor => ({
  accountId: 'a',
  isAdmin: false,
  membershipId: 'm1',
  workspaceId: 'w',
  workspaceSlug: 'w',
  ticketPrefix: 'W',
  role: 'agent',
  partyId: 'p',
  partyKind: 'provider',
  ...over,
});
const roles = { commanderMembershipId: 'cmd', communicationsLeadMembershipId: 'comms' };

describe('incident cadence', () => {
  it('puts the next update one cadence after the last', () => {
    expect(nextUpdateDue(new Date('2026-01-01T10:00:00Z'), 30).toISOString()).toBe(
      '2026-01-01T10:30:00.000Z',
    );
  });
  it('is overdue only while open and past due', () => {
    const due = new Date('2026-01-01T10:30:00Z');
    expect(isUpdateOverdue({ status: 'open', nextUpdateDueAt: due }, new Date('2026-01-01T10:31:00Z'))).toBe(
      true,
    );
    expect(isUpdateOverdue({ status: 'open', nextUpdateDueAt: due }, new Date('2026-01-01T10:29:00Z'))).toBe(
      false,
    );
    expect(
      isUpdateOverdue({ status: 'resolved', nextUpdateDueAt: due }, new Date('2026-01-01T11:00:00Z')),
    ).toBe(false);
  });
});

describe('incident roles', () => {
  it.each([
    ['commander', actor({ membershipId: 'cmd' }), false, true, true],
    ['communications lead', actor({ membershipId: 'comms' }), false, true, false],
    ['holder of the right', actor({ membershipId: 'x' }), true, true, true],
    ['other provider engineer', actor({ membershipId: 'x' }), false, false, false],
    ['viewer named commander', actor({ membershipId: 'cmd', role: 'viewer' }), false, false, false],
    [
      'requester',
      actor({ membershipId: 'cmd', role: 'requester', partyId: null, partyKind: null }),
      false,
      false,
      false,
    ],
  ])('%s: run %s / command', (_name, who, holds, run, command) => {
    expect(canRunIncident(who, roles, holds)).toBe(run);
    expect(canCommandIncident(who, roles, holds)).toBe(command);
  });
  it('lets staff of either party write the review, not viewers', () => {
    expect(canWriteReview(actor({}))).toBe(true);
    expect(canWriteReview(actor({ partyKind: 'internal' }))).toBe(true);
    expect(canWriteReview(actor({ role: 'viewer' }))).toBe(false);
  });
});

describe('target quarters', () => {
  it.each(['2027-Q1', '2026-Q4'])('accepts %s', (q) => expect(checkQuarter(q).ok).toBe(true));
  it.each(['2027-Q5', '2027Q1', '27-Q1', '2027-q1', '1999-Q1', ''])('refuses %s', (q) =>
    expect(checkQuarter(q).ok).toBe(false),
  );
  it('orders quarters, unset last', () => {
    expect(quarterOrder('2026-Q4')).toBeLessThan(quarterOrder('2027-Q1'));
    expect(quarterOrder(null)).toBeGreaterThan(quarterOrder('2100-Q4'));
  });
});

describe('board column order', () => {
  const a = { id: 'a' };
  const b = { id: 'b' };
  const c = { id: 'c' };
  it('moves an item within its column', () => {
    expect(reorderColumn([a, b, c], c, 0).map((x) => x.id)).toEqual(['c', 'a', 'b']);
    expect(reorderColumn([a, b, c], a, 1).map((x) => x.id)).toEqual(['b', 'a', 'c']);
  });
  it('inserts an item from another column, clamping the position', () => {
    expect(reorderColumn([a, b], c, 99).map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(reorderColumn([a, b], c, -3).map((x) => x.id)).toEqual(['c', 'a', 'b']);
  });
});
