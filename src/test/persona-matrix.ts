import { afterAll, beforeAll, expect } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';
import { findActorBySlug } from '../workspaces/queries.ts';
import { buildTestApp, type TestApp } from './build-test-app.ts';
import { signedIn, type TestClient } from './client.ts';
import { type MemberSpec, makeMember, makeWorkspace, type TestWorkspace } from './factories.ts';

export const PERSONA_NAMES = [
  'internalLead',
  'internalAgent',
  'internalViewer',
  'providerLead',
  'providerAgent',
  'providerViewer',
  'requester',
] as const;
export type PersonaName = (typeof PERSONA_NAMES)[number];

export type Persona = {
  name: PersonaName;
  client: TestClient;
  actor: WorkspaceActor;
  membershipId: string;
};

/** The member each persona but the workspace's own lead is made as. */
export const PERSONA_SPECS: Record<Exclude<PersonaName, 'internalLead'>, MemberSpec> = {
  internalAgent: { party: 'internal', role: 'agent' },
  internalViewer: { party: 'internal', role: 'viewer' },
  providerLead: { party: 'provider', role: 'lead' },
  providerAgent: { party: 'provider', role: 'agent' },
  providerViewer: { party: 'provider', role: 'viewer' },
  requester: { party: null, role: 'requester' },
};

/**
 * One workspace with a person in every party × role, each signed in, with the actor the server
 * resolves for them (what `<area>Abilities()` is computed from).
 */
export async function makePersonas(t: TestApp): Promise<{ ws: TestWorkspace; personas: Persona[] }> {
  const ws = await makeWorkspace(t.database.db, 'Persona Co');
  const people: Array<{ name: PersonaName; email: string; membershipId: string; accountId: string }> = [
    { name: 'internalLead', ...ws.lead },
  ];
  for (const [name, spec] of Object.entries(PERSONA_SPECS) as Array<[PersonaName, MemberSpec]>) {
    people.push({ name, ...(await makeMember(t.database.db, ws, spec)) });
  }
  const personas: Persona[] = [];
  for (const p of people) {
    const actor = await findActorBySlug(t.database.db, { id: p.accountId, isAdmin: false }, ws.slug);
    if (!actor) throw new Error(`no actor for ${p.name}`);
    personas.push({
      name: p.name,
      client: await signedIn(t.app, p.email),
      actor,
      membershipId: p.membershipId,
    });
  }
  return { ws, personas };
}

export type PersonaMatrix = { t: TestApp; ws: TestWorkspace; personas: Persona[] };

/** The app and persona workspace of one test file: built before its tests, closed after them. */
export function personaMatrix(): PersonaMatrix {
  const matrix = {} as PersonaMatrix;
  beforeAll(async () => {
    matrix.t = await buildTestApp();
    Object.assign(matrix, await makePersonas(matrix.t));
  });
  afterAll(() => matrix.t.close());
  return matrix;
}

export const isRefusal = (status: number) => status === 403 || status === 404;

/**
 * What an ability promises, checked through HTTP: false must be refused (403/404), true must not.
 * Returns the mismatches as readable lines, so a failing test names persona, ability and answer.
 */
export function abilityMismatches(
  results: Array<{ persona: PersonaName; ability: string; allowed: boolean; status: number; body?: string }>,
) {
  return results
    .filter((r) => r.allowed === isRefusal(r.status))
    .map(
      (r) =>
        `${r.persona} ${r.ability}: abilities say ${r.allowed ? 'yes' : 'no'}, API answered ${r.status} ${r.body ?? ''}`,
    );
}

/**
 * No ability disagrees with the API (see abilityMismatches), and the matrix is not vacuous: some
 * checks were allowed and some refused.
 */
export function expectAbilitiesHonoured(results: Parameters<typeof abilityMismatches>[0]) {
  expect(abilityMismatches(results)).toEqual([]);
  expect(new Set(results.map((r) => r.allowed))).toEqual(new Set([true, false]));
}
