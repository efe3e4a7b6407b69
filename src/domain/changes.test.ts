import { describe, expect, it } from 'vitest';
import {
  blockingFreeze,
  CHANGE_STATUSES,
  CHANGE_STEPS,
  changeKey,
  findConflicts,
  isTimeZone,
  missingReview,
  needsReview,
  periodsBetween,
  riskLevel,
  successRates,
  transition,
  windowProblem,
} from './changes.ts';

const at = (s: string) => new Date(s);
const w = (start: string, end: string) => ({ start: at(start), end: at(end) });

describe('risk level', () => {
  it('grades likelihood × impact on the 5 × 5 matrix', () => {
    expect(riskLevel(1, 1)).toBe('low');
    expect(riskLevel(1, 3)).toBe('low');
    expect(riskLevel(2, 2)).toBe('medium');
    expect(riskLevel(2, 4)).toBe('high');
    expect(riskLevel(3, 5)).toBe('very_high');
    expect(riskLevel(5, 5)).toBe('very_high');
  });
});

describe('lifecycle', () => {
  it('follows draft → submitted → approved → scheduled → in progress → outcome → reviewed', () => {
    const path: Array<[Parameters<typeof transition>[1], string]> = [
      ['submit', 'submitted'],
      ['approve', 'approved'],
      ['schedule', 'scheduled'],
      ['start', 'in_progress'],
      ['failed', 'failed'],
      ['close', 'reviewed'],
    ];
    let status: (typeof CHANGE_STATUSES)[number] = 'draft';
    for (const [step, to] of path) {
      const r = transition(status, step);
      expect(r).toEqual({ ok: true, to });
      if (r.ok) status = r.to;
    }
  });

  it('returns a rejected change to its submitter, who may submit it again', () => {
    expect(transition('submitted', 'reject')).toEqual({ ok: true, to: 'rejected' });
    expect(transition('rejected', 'submit')).toEqual({ ok: true, to: 'submitted' });
  });

  it('refuses every other step, saying which state it needs', () => {
    const allowed = new Set([
      'draft:submit',
      'rejected:submit',
      'submitted:approve',
      'submitted:reject',
      'submitted:withdraw',
      'approved:schedule',
      'scheduled:start',
      'in_progress:implemented',
      'in_progress:failed',
      'in_progress:backed_out',
      'implemented:close',
      'failed:close',
      'backed_out:close',
    ]);
    for (const s of CHANGE_STATUSES)
      for (const step of CHANGE_STEPS) {
        const r = transition(s, step);
        expect(r.ok, `${s}:${step}`).toBe(allowed.has(`${s}:${step}`));
        if (!r.ok) expect(r.message).toMatch(/cannot be/);
      }
    expect(transition('draft', 'start')).toEqual({
      ok: false,
      message: 'A change that is draft cannot be started; only one that is scheduled.',
    });
  });

  it('needs a review for failed, backed-out and emergency changes only', () => {
    expect(needsReview({ type: 'normal', outcome: 'implemented' })).toBe(false);
    expect(needsReview({ type: 'standard', outcome: 'implemented' })).toBe(false);
    expect(needsReview({ type: 'normal', outcome: 'failed' })).toBe(true);
    expect(needsReview({ type: 'normal', outcome: 'backed_out' })).toBe(true);
    expect(needsReview({ type: 'emergency', outcome: 'implemented' })).toBe(true);
    expect(missingReview({ summary: ' ', lessons: 'x' })).toEqual(['summary']);
    expect(missingReview({ summary: 'a', lessons: 'b' })).toEqual([]);
  });

  it('writes human keys', () => expect(changeKey(12)).toBe('CHG-12'));
});

describe('windows and freezes', () => {
  it('refuses a window ending before (or when) it starts', () => {
    expect(windowProblem(at('2026-01-02T10:00Z'), at('2026-01-02T09:00Z'))).toBe('must end after it starts');
    expect(windowProblem(at('2026-01-02T10:00Z'), at('2026-01-02T10:00Z'))).toBe('must end after it starts');
    expect(windowProblem(at('2026-01-02T10:00Z'), at('2026-01-02T11:00Z'))).toBeNull();
    expect(windowProblem(at('2026-01-01T00:00Z'), at('2026-03-01T00:00Z'))).toMatch(/31 days/);
  });

  it('knows IANA time zones', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('blocks a change in a freeze unless it is an emergency with a reason', () => {
    const freeze = { id: 'f', title: 'Month-end close', ...w('2026-01-29T00:00Z', '2026-02-02T00:00Z') };
    const inside = w('2026-01-30T20:00Z', '2026-01-30T22:00Z');
    const outside = w('2026-02-02T00:00Z', '2026-02-02T02:00Z');
    expect(blockingFreeze({ type: 'normal', emergencyReason: null, ...inside }, [freeze])).toBe(freeze);
    expect(blockingFreeze({ type: 'emergency', emergencyReason: ' ', ...inside }, [freeze])).toBe(freeze);
    expect(
      blockingFreeze({ type: 'emergency', emergencyReason: 'exploited', ...inside }, [freeze]),
    ).toBeNull();
    // Adjacent windows (this one starts as the freeze ends) do not overlap.
    expect(blockingFreeze({ type: 'normal', emergencyReason: null, ...outside }, [freeze])).toBeNull();
  });
});

describe('conflicts', () => {
  const edges = [{ systemId: 'erp', dependsOnSystemId: 'db' }];
  const mine = { id: 'me', systemIds: ['erp'], ...w('2026-01-10T20:00Z', '2026-01-10T22:00Z') };

  it('finds the same system, a dependency and a dependant in overlapping windows', () => {
    const others = [
      { id: 'same', systemIds: ['erp'], ...w('2026-01-10T21:00Z', '2026-01-10T23:00Z') },
      { id: 'dep', systemIds: ['db'], ...w('2026-01-10T19:00Z', '2026-01-10T20:30Z') },
      { id: 'later', systemIds: ['erp'], ...w('2026-01-10T22:00Z', '2026-01-10T23:00Z') },
      { id: 'other', systemIds: ['mail'], ...w('2026-01-10T20:00Z', '2026-01-10T22:00Z') },
      mine,
    ];
    expect(findConflicts(mine, others, edges)).toEqual([
      { changeId: 'same', systemId: 'erp', otherSystemId: 'erp', reason: 'same_system' },
      { changeId: 'dep', systemId: 'erp', otherSystemId: 'db', reason: 'depends_on' },
    ]);
    const onDb = { ...mine, id: 'db-change', systemIds: ['db'] };
    expect(findConflicts(onDb, [{ ...mine }], edges)).toEqual([
      { changeId: 'me', systemId: 'db', otherSystemId: 'erp', reason: 'dependency_of' },
    ]);
  });
});

describe('success rate', () => {
  it('is implemented ÷ completed per month, with empty months as null', () => {
    const rows = successRates(
      [
        { outcome: 'implemented', completedAt: at('2026-01-05T00:00Z') },
        { outcome: 'implemented', completedAt: at('2026-01-06T00:00Z') },
        { outcome: 'failed', completedAt: at('2026-01-07T00:00Z') },
        { outcome: 'backed_out', completedAt: at('2026-03-01T00:00Z') },
        { outcome: 'implemented', completedAt: at('2027-01-01T00:00Z') },
      ],
      at('2026-01-01T00:00Z'),
      at('2026-03-31T00:00Z'),
      'month',
    );
    expect(rows.map((r) => [r.period, r.completed, r.rate])).toEqual([
      ['2026-01', 3, 2 / 3],
      ['2026-02', 0, null],
      ['2026-03', 1, 0],
    ]);
    expect(periodsBetween(at('2026-01-15Z'), at('2026-07-01Z'), 'quarter')).toEqual([
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
    ]);
  });
});
