import { expect } from 'vitest';
import type { TestClient } from '../test/client.ts';
import type { TestWorkspace } from '../test/factories.ts';

/** Helpers shared by the problems, systems and handovers API tests. */
export async function serviceIdOf(client: TestClient, ws: TestWorkspace, key: string) {
  const map = (await client.get(`/api/v1/w/${ws.slug}/responsibility/map`)).json();
  return map.services.find((s: { key: string }) => s.key === key).id as string;
}

export async function raiseTicket(
  client: TestClient,
  ws: TestWorkspace,
  serviceId: string,
  subject: string,
  description = '',
) {
  const response = await client.post(`/api/v1/w/${ws.slug}/tickets`, { serviceId, subject, description });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().ticket as { key: string; number: number; id: string };
}

/** Moves a ticket to resolved with the given assignee (the person counted as resolving it). */
export async function resolveTicket(
  client: TestClient,
  ws: TestWorkspace,
  key: string,
  assigneeMembershipId: string,
) {
  const url = `/api/v1/w/${ws.slug}/tickets/${key}`;
  const current = (await client.get(url)).json().ticket;
  const assigned = await client.patch(url, {
    version: current.version,
    assigneeMembershipId,
    status: 'in_progress',
  });
  expect(assigned.statusCode, assigned.body).toBe(200);
  const resolved = await client.patch(url, { version: assigned.json().ticket.version, status: 'resolved' });
  expect(resolved.statusCode, resolved.body).toBe(200);
}

export async function auditActions(client: TestClient, ws: TestWorkspace) {
  const response = await client.get(`/api/v1/w/${ws.slug}/audit?limit=200`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().items as Array<{ action: string }>).map((e) => e.action);
}
