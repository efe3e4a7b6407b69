import { addDays } from './measures.ts';

/** What the reviews and the home need of a simulated history build (db: history_builds). */
export type BuildProgress = {
  state: 'queued' | 'building' | 'done' | 'failed';
  fromDay: string;
  untilDay: string;
  daysDone: number;
  daysTotal: number;
};

/** The days a build has not simulated yet: [from, until), or null when it is done. */
export function unbuiltSpan(build: BuildProgress): { from: string; until: string } | null {
  if (build.state === 'done' || build.daysDone >= build.daysTotal) return null;
  return { from: addDays(build.fromDay, build.daysDone), until: build.untilDay };
}

/**
 * Whether a period [start, end) still has days the build has not simulated: its figures are not
 * final. Returns the part of the period still missing, for the notice.
 */
export function periodStillBuilding(
  build: BuildProgress | null,
  period: { start: string; end: string },
): { from: string; until: string } | null {
  if (!build) return null;
  const missing = unbuiltSpan(build);
  if (!missing) return null;
  const from = [missing.from, period.start].sort().at(-1)!;
  const until = [missing.until, period.end].sort()[0]!;
  return from < until ? { from, until } : null;
}
