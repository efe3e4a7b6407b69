/** Who holds the knowledge: pure rules behind the "Knowledge health" page. */

export type Contribution = { subjectId: string; personId: string };
export type PersonConcentration = {
  subjectId: string;
  people: number;
  /** Set when exactly one person did all the work: the single point of knowledge. */
  onlyPersonId: string | null;
  isSinglePerson: boolean;
};

export const SINGLE_PERSON_WINDOW_DAYS = 90;

/** Distinct people per subject (a service or a critical system); exactly one is flagged. */
export function concentrateByPerson(
  subjectIds: string[],
  contributions: Contribution[],
): PersonConcentration[] {
  const people = new Map<string, Set<string>>();
  for (const c of contributions) {
    let set = people.get(c.subjectId);
    if (!set) {
      set = new Set();
      people.set(c.subjectId, set);
    }
    set.add(c.personId);
  }
  return subjectIds.map((subjectId) => {
    const set = people.get(subjectId) ?? new Set<string>();
    const only = set.size === 1 ? [...set][0]! : null;
    return { subjectId, people: set.size, onlyPersonId: only, isSinglePerson: only !== null };
  });
}

/** Attendance per person across sessions: invited, attended and the share. */
export function attendanceSummary(rows: Array<{ personId: string; attended: boolean }>) {
  const byPerson = new Map<string, { invited: number; attended: number }>();
  for (const r of rows) {
    const p = byPerson.get(r.personId) ?? { invited: 0, attended: 0 };
    p.invited++;
    if (r.attended) p.attended++;
    byPerson.set(r.personId, p);
  }
  return [...byPerson.entries()].map(([personId, p]) => ({
    personId,
    invited: p.invited,
    attended: p.attended,
    rate: p.invited === 0 ? 0 : Math.round((p.attended / p.invited) * 100) / 100,
  }));
}
