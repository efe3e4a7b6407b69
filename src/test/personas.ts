import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildTestApp, type TestApp } from './build-test-app.ts';
import { signedIn, type TestClient } from './client.ts';
import { type MemberSpec, makeMember, makeWorkspace, type TestWorkspace } from './factories.ts';
import { PERSONA_SPECS } from './persona-matrix.ts';

/** The people of a co-managed workspace that every area's rights are crossed with (no provider viewer). */
const { providerViewer: _providerViewer, ...SPECS } = PERSONA_SPECS;

export type Persona = 'internalLead' | keyof typeof SPECS;
export type PersonaMember = { client: TestClient; membershipId: string; partyId: string | null };

/** Signs in one member per persona (the workspace's own lead is the internal lead). */
export async function makePersonas(t: TestApp, ws: TestWorkspace): Promise<Record<Persona, PersonaMember>> {
  const db = t.database.db;
  const partyOf = (party: MemberSpec['party']) =>
    party === 'internal' ? ws.internalPartyId : party === 'provider' ? ws.providerPartyId : null;
  const people = {
    internalLead: {
      client: await signedIn(t.app, ws.lead.email),
      membershipId: ws.lead.membershipId,
      partyId: ws.internalPartyId,
    },
  } as Record<Persona, PersonaMember>;
  for (const [persona, spec] of Object.entries(SPECS) as [keyof typeof SPECS, MemberSpec][]) {
    const member = await makeMember(db, ws, spec);
    people[persona] = {
      client: await signedIn(t.app, member.email),
      membershipId: member.membershipId,
      partyId: partyOf(spec.party),
    };
  }
  return people;
}

export const PERSONAS: Persona[] = [
  'internalLead',
  'internalAgent',
  'internalViewer',
  'providerLead',
  'providerAgent',
  'requester',
];

/**
 * An ability the API reported, crossed with what the API then does: false ⇒ 403 with the area's
 * code, true ⇒ not refused (and no server error).
 */
export function expectAbilityHonoured(
  label: string,
  ability: boolean | undefined,
  response: LightMyRequestResponse,
  refusalCode: string,
) {
  const why = `${label} (ability ${ability}): ${response.statusCode} ${response.body}`;
  if (ability) {
    expect(response.statusCode, why).not.toBe(403);
    expect(response.statusCode, why).toBeLessThan(500);
  } else {
    expect(response.statusCode, why).toBe(403);
    expect(response.json().error.code, why).toBe(refusalCode);
  }
}

export type PersonaWorkspace = { t: TestApp; ws: TestWorkspace; people: Record<Persona, PersonaMember> };

/**
 * One app and workspace with every persona signed in, built before the file's tests and closed
 * after them (`options` as for buildTestApp: `{ jobs: {} }` when a route enqueues work).
 */
export function personaWorkspace(options: Parameters<typeof buildTestApp>[0] = {}): PersonaWorkspace {
  const area = {} as PersonaWorkspace;
  beforeAll(async () => {
    area.t = await buildTestApp(options);
    area.ws = await makeWorkspace(area.t.database.db, 'Acme');
    area.people = await makePersonas(area.t, area.ws);
  });
  afterAll(() => area.t.close());
  return area;
}
