import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../test/client.ts';
import { demoAppForFile, signInDemo } from '../test/file-setup.ts';

const t = demoAppForFile();
let ian: TestClient;
const url = (path: string) => `/api/v1/w/acme${path}`;

beforeAll(async () => {
  ian = await signInDemo(t, 'ian@acme.example');
});

describe('demo: problems, systems, knowledge health and handovers', () => {
  it('has two problems, one with an accepted workaround, with their tickets', async () => {
    const items = (await ian.get(url('/problems'))).json().items;
    expect(items).toHaveLength(2);
    const accepted = items.find((p: { workaroundKind: string }) => p.workaroundKind === 'accepted');
    expect(accepted.ticketCount).toBeGreaterThan(0);
    expect(items.some((p: { workaroundKind: string }) => p.workaroundKind === 'temporary')).toBe(true);
  });

  it('has a systems register with dependencies and one critical system lacking recovery steps', async () => {
    const systems = (await ian.get(url('/systems'))).json().items;
    expect(systems.length).toBeGreaterThanOrEqual(6);
    const critical = systems.filter((s: { criticality: string }) => s.criticality === 'critical');
    expect(
      critical
        .filter((s: { hasRecoveryProcedure: boolean }) => !s.hasRecoveryProcedure)
        .map((s: { name: string }) => s.name),
    ).toEqual(['Payroll']);
    const health = (await ian.get(url('/knowledge-health'))).json();
    expect(health.gaps.criticalSystemsWithoutRecovery.map((s: { name: string }) => s.name)).toEqual([
      'Payroll',
    ]);
    const flagged = health.singlePerson.services.filter((s: { flagged: boolean }) => s.flagged);
    expect(flagged.map((s: { onlyPerson: { name: string } }) => s.onlyPerson.name)).toContain('Ian Cole');
  });

  it('has past handover sessions with attendance per person, and recurrence proposals from the desk', async () => {
    const sessions = (await ian.get(url('/handovers'))).json().items;
    expect(sessions).toHaveLength(3);
    const attendance = (await ian.get(url('/handovers/attendance'))).json().items;
    expect(attendance.map((a: { name: string }) => a.name).sort()).toEqual(['Alice Hart', 'Ian Cole']);
    const runs = (await ian.get(url('/recurrence/runs'))).json().items;
    expect(runs).toHaveLength(1);
  });
});
