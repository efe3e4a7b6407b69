import { describe, expect, it } from 'vitest';
import { expectAbilitiesHonoured, personaMatrix } from '../test/persona-matrix.ts';
import { memberAbilities } from './policy.ts';

const matrix = personaMatrix();
const url = (path = '') => `/api/v1/w/${matrix.ws.slug}${path}`;
type MemberView = {
  id: string;
  role: string;
  version: number;
  status: string;
  abilities: Record<string, boolean>;
};

describe('member abilities match the API’s refusals (every party × role, on every member)', () => {
  it('each member carries memberAbilities(); changeRole refused where it says no, accepted where yes', async () => {
    const lead = matrix.personas.find((p) => p.name === 'internalLead')!;
    const results = [];
    for (const p of matrix.personas) {
      const list = await p.client.get(url('/members?limit=50'));
      if (p.actor.role === 'requester') {
        // Requesters are not staff: the list itself is refused, so no member ability applies.
        expect(list.statusCode).toBe(403);
        continue;
      }
      expect(list.statusCode).toBe(200);
      for (const member of list.json().items as MemberView[]) {
        const target = matrix.personas.find((x) => x.membershipId === member.id);
        if (!target) continue;
        expect(member.abilities).toEqual(
          memberAbilities(p.actor, {
            ...target.actor,
            membershipId: target.membershipId,
            status: member.status,
          }),
        );
        // The same role again: allowed callers get 200 (a no-op change), others a refusal.
        const fresh = (await lead.client.get(url('/members?limit=50')))
          .json()
          .items.find((m: MemberView) => m.id === member.id) as MemberView;
        const response = await p.client.patch(url(`/members/${member.id}`), {
          version: fresh.version,
          role: fresh.role,
        });
        results.push({
          persona: p.name,
          ability: `changeRole on ${target.name}`,
          allowed: member.abilities.changeRole!,
          status: response.statusCode,
          body: response.body,
        });
      }
    }
    expectAbilitiesHonoured(results);
  });
});
