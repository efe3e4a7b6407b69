import { describe, expect, it } from 'vitest';
import {
  acceptanceExpiryProblem,
  acceptanceView,
  heatMap,
  missedInARow,
  residualProblem,
  riskLevel,
} from './risks.ts';

describe('risk level', () => {
  it('maps the 5 x 5 grid to four levels by score', () => {
    expect(riskLevel(1, 1)).toBe('low');
    expect(riskLevel(2, 2)).toBe('low');
    expect(riskLevel(1, 5)).toBe('medium');
    expect(riskLevel(3, 3)).toBe('medium');
    expect(riskLevel(2, 5)).toBe('high');
    expect(riskLevel(3, 5)).toBe('high');
    expect(riskLevel(4, 4)).toBe('critical');
    expect(riskLevel(5, 5)).toBe('critical');
    expect(() => riskLevel(0, 3)).toThrow(RangeError);
    expect(() => riskLevel(3, 6)).toThrow(RangeError);
  });

  it('is symmetric and never falls as either axis rises', () => {
    const order = ['low', 'medium', 'high', 'critical'];
    for (let l = 1; l <= 5; l++)
      for (let i = 1; i <= 5; i++) {
        expect(riskLevel(l, i)).toBe(riskLevel(i, l));
        if (l < 5)
          expect(order.indexOf(riskLevel(l + 1, i))).toBeGreaterThanOrEqual(order.indexOf(riskLevel(l, i)));
      }
  });

  it('refuses a residual score above the inherent one', () => {
    expect(residualProblem({ likelihood: 2, impact: 2 }, { likelihood: 3, impact: 2 })).toMatch(/residual/);
    expect(residualProblem({ likelihood: 4, impact: 4 }, { likelihood: 4, impact: 4 })).toBeNull();
  });
});

describe('heat map', () => {
  it('has every cell, impact 5 first, with counts', () => {
    const map = heatMap([
      { likelihood: 1, impact: 5 },
      { likelihood: 1, impact: 5 },
      { likelihood: 5, impact: 1 },
    ]);
    expect(map).toHaveLength(5);
    expect(map.every((row) => row.length === 5)).toBe(true);
    expect(map[0]![0]).toEqual({ likelihood: 1, impact: 5, level: 'medium', count: 2 });
    expect(map[4]![4]).toEqual({ likelihood: 5, impact: 1, level: 'medium', count: 1 });
    expect(map.flat().reduce((n, c) => n + c.count, 0)).toBe(3);
  });
});

describe('acceptance', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  it('reads as expired once the expiry has passed', () => {
    expect(acceptanceView('accepted', new Date('2026-06-01T11:59:59Z'), now)).toBe('expired');
    expect(acceptanceView('accepted', new Date('2026-06-02T00:00:00Z'), now)).toBe('accepted');
    expect(acceptanceView('none', null, now)).toBe('none');
  });
  it('needs an expiry in the future and within three years', () => {
    expect(acceptanceExpiryProblem(new Date('2026-05-01T00:00:00Z'), now)).toMatch(/future/);
    expect(acceptanceExpiryProblem(new Date('2030-01-01T00:00:00Z'), now)).toMatch(/three years/);
    expect(acceptanceExpiryProblem(new Date('2027-01-01T00:00:00Z'), now)).toBeNull();
  });
  it('counts misses in a row from the newest', () => {
    expect(missedInARow([{ missed: true }, { missed: true }, { missed: false }, { missed: true }])).toBe(2);
    expect(missedInARow([{ missed: false }, { missed: true }])).toBe(0);
  });
});
