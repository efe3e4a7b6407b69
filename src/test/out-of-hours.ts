import { expect } from 'vitest';
import type { TestClient } from './client.ts';
import type { TestWorkspace } from './factories.ts';

/**
 * Out of hours now: the internal team's office is closed (every nearby day a holiday), the provider
 * covers the given priorities, and its engineer is on call for the next hour. Returns the office's id.
 */
export async function closeOfficeWithProviderCover(
  clients: { lead: TestClient; providerLead: TestClient },
  ws: TestWorkspace,
  cover: { priorities: string[]; onCallMembershipId: string },
): Promise<string> {
  const base = `/api/v1/w/${ws.slug}`;
  const days = [-2, -1, 0, 1, 2].map((d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10));
  const office = await clients.lead.post(`${base}/sla/calendars`, {
    name: 'Acme office',
    partyId: ws.internalPartyId,
    timeZone: 'Europe/London',
    weeklyHours: { mon: [{ start: '09:00', end: '17:00' }] },
    holidays: days,
  });
  expect(office.statusCode, office.body).toBe(201);
  const rule = await clients.lead.post(`${base}/sla/cover-rules`, {
    partyId: ws.providerPartyId,
    priorities: cover.priorities,
  });
  expect(rule.statusCode, rule.body).toBe(201);
  const shift = await clients.providerLead.post(`${base}/sla/rota/shifts`, {
    partyId: ws.providerPartyId,
    membershipId: cover.onCallMembershipId,
    startsAt: new Date(Date.now() - 3_600_000).toISOString(),
    endsAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  expect(shift.statusCode, shift.body).toBe(201);
  return office.json().id as string;
}
