import { describe, expect, it } from 'vitest';
import { type BuildProgress, periodStillBuilding, unbuiltSpan } from './history-build.ts';

const build = (over: Partial<BuildProgress> = {}): BuildProgress => ({
  state: 'building',
  fromDay: '2026-06-01',
  untilDay: '2026-12-01',
  daysDone: 30,
  daysTotal: 183,
  ...over,
});

describe('a simulated history still being built', () => {
  it('is missing the days after those done, up to its end', () => {
    expect(unbuiltSpan(build())).toEqual({ from: '2026-07-01', until: '2026-12-01' });
    expect(unbuiltSpan(build({ state: 'done' }))).toBeNull();
    expect(unbuiltSpan(build({ daysDone: 183 }))).toBeNull();
  });

  it('marks a period that overlaps the missing days, and only the overlap', () => {
    expect(periodStillBuilding(build(), { start: '2026-06-01', end: '2026-07-01' })).toBeNull();
    expect(periodStillBuilding(build(), { start: '2026-06-15', end: '2026-07-15' })).toEqual({
      from: '2026-07-01',
      until: '2026-07-15',
    });
    expect(periodStillBuilding(build(), { start: '2026-11-01', end: '2026-12-01' })).toEqual({
      from: '2026-11-01',
      until: '2026-12-01',
    });
    expect(periodStillBuilding(build(), { start: '2026-12-01', end: '2027-01-01' })).toBeNull();
    expect(periodStillBuilding(null, { start: '2026-11-01', end: '2026-12-01' })).toBeNull();
    expect(
      periodStillBuilding(build({ state: 'failed' }), { start: '2026-11-01', end: '2026-12-01' }),
    ).not.toBeNull();
  });
});
