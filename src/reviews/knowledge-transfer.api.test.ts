import { describe, expect, it } from 'vitest';
import { addDays, isoDay, lastEndedPeriod } from '../domain/measures.ts';
import { personaWorkspace } from '../test/personas.ts';

// A figure without history (critical systems with recovery steps) is read, in a past period's pack,
// from the snapshot of the period's last day: the knowledge-transfer section and the trends agree.
const area = personaWorkspace();
const base = () => `/api/v1/w/${area.ws.slug}`;
const last = lastEndedPeriod('monthly', isoDay(new Date()));
const owner = <T>(text: string, params: unknown[] = []) => area.t.database.unsafeOwnerQuery<T>(text, params);

type Figure = { label: string; value: number | null; previous: number | null };
type Section = { id: string; figures: Figure[] };

describe('the knowledge-transfer measures of a past period', () => {
  it("show critical systems with recovery steps as snapshotted at the period's end, not today's share", async () => {
    // Today the workspace has no critical system (no share at all); at the period's end half had recovery steps.
    for (const [day, value] of [
      [addDays(last.end, -1), 50],
      [addDays(last.start, -1), 25],
    ] as const)
      await owner(
        `insert into measure_snapshots (workspace_id, day, measure, dimension, value)
         values ($1, $2, 'critical_systems_with_recovery', '', $3)`,
        [area.ws.id, day, value],
      );
    const created = await area.people.internalLead.client.post(`${base()}/reviews`, {
      periodStart: last.start,
      periodEnd: last.end,
    });
    expect(created.statusCode, created.body).toBe(201);
    const sections = created.json().review.pack.sections as Section[];
    const recovery = (id: string) =>
      sections
        .find((s) => s.id === id)!
        .figures.find((f) => f.label === 'Critical systems with recovery steps');
    expect(recovery('knowledge_transfer')).toMatchObject({ value: 50, previous: 25 });
    expect(recovery('trends')).toMatchObject({ value: 50, previous: 25 });
  });
});
