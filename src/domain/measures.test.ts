import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayRange,
  direction,
  formatMeasure,
  lastEndedPeriod,
  MEASURES,
  mean,
  percent,
  periodContaining,
  periodLabel,
  periodProblem,
  periodsEndingWith,
} from './measures.ts';

describe('measure definitions', () => {
  it('says which measures improve downwards', () => {
    expect(MEASURES.resolution_hours.goodWhenLower).toBe(true);
    expect(MEASURES.sla_attainment.goodWhenLower).toBe(false);
    expect(MEASURES.single_person_dependencies.goodWhenLower).toBe(true);
  });

  it.each([
    ['resolution_hours', 10, 8, 'better'],
    ['resolution_hours', 8, 10, 'worse'],
    ['sla_attainment', 80, 90, 'better'],
    ['sla_attainment', 90, 80, 'worse'],
    ['open_work', 5, 5, 'same'],
    ['open_work', null, 5, 'unknown'],
  ] as const)('%s from %s to %s is %s', (measure, before, after, expected) => {
    expect(direction(measure, before, after)).toBe(expected);
  });

  it('computes shares, means and formats without inventing figures', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(0, 0)).toBeNull();
    expect(mean([])).toBeNull();
    expect(mean([1, 2, 4])).toBe(2.3);
    expect(formatMeasure('percent', 87.5)).toBe('87.5%');
    expect(formatMeasure('hours', 3)).toBe('3 h');
    expect(formatMeasure('count', null)).toBe('n/a');
  });
});

describe('days and periods', () => {
  it('walks calendar days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(dayRange('2026-11-29', '2026-12-02')).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
  });

  it.each([
    ['monthly', '2026-11-17', { start: '2026-11-01', end: '2026-12-01' }],
    ['quarterly', '2026-11-17', { start: '2026-10-01', end: '2027-01-01' }],
    ['weekly', '2026-11-18', { start: '2026-11-16', end: '2026-11-23' }],
    ['weekly', '2026-11-16', { start: '2026-11-16', end: '2026-11-23' }],
    ['fortnightly', '2024-01-10', { start: '2024-01-01', end: '2024-01-15' }],
    ['fortnightly', '2024-01-15', { start: '2024-01-15', end: '2024-01-29' }],
  ] as const)('the %s period containing %s', (cadence, day, expected) => {
    expect(periodContaining(cadence, day)).toEqual(expected);
  });

  it('finds the last ended period and the ones before it', () => {
    expect(lastEndedPeriod('monthly', '2026-12-02')).toEqual({ start: '2026-11-01', end: '2026-12-01' });
    expect(lastEndedPeriod('monthly', '2026-12-01')).toEqual({ start: '2026-11-01', end: '2026-12-01' });
    const six = periodsEndingWith('monthly', { start: '2026-11-01', end: '2026-12-01' }, 6);
    expect(six.map((p) => p.start)).toEqual([
      '2026-06-01',
      '2026-07-01',
      '2026-08-01',
      '2026-09-01',
      '2026-10-01',
      '2026-11-01',
    ]);
  });

  it('labels periods as people say them', () => {
    expect(periodLabel({ start: '2026-11-01', end: '2026-12-01' })).toBe('Nov 2026');
    expect(periodLabel({ start: '2026-10-01', end: '2027-01-01' })).toBe('Q4 2026');
    expect(periodLabel({ start: '2026-11-16', end: '2026-11-23' })).toBe('16 Nov – 22 Nov 2026');
  });

  it.each([
    [{ start: '2026-11-01', end: '2026-11-01' }, 'periodEnd', 'no length'],
    [{ start: '2026-11-10', end: '2026-11-01' }, 'periodEnd', 'no length'],
    [{ start: '2026-12-05', end: '2027-01-01' }, 'periodStart', 'future'],
    [{ start: '2026-11-01', end: '2027-01-01' }, 'periodEnd', 'future'],
    [{ start: '2024-01-01', end: '2026-01-01' }, 'periodEnd', 'at most a year'],
  ] as const)('refuses the period %o (%s: %s)', (period, field, words) => {
    const problem = periodProblem(period, '2026-12-02');
    expect(problem?.field).toBe(field);
    expect(problem?.message).toContain(words);
  });

  it('accepts a period that ended today or before', () => {
    expect(periodProblem({ start: '2026-11-01', end: '2026-12-01' }, '2026-12-02')).toBeNull();
    expect(periodProblem({ start: '2026-12-01', end: '2026-12-03' }, '2026-12-02')).toBeNull();
  });
});
