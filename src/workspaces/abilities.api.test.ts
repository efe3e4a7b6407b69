import { describe, expect, it } from 'vitest';
import { auditAbilities } from '../audit/policy.ts';
import { abilityMismatches, personaMatrix } from '../test/persona-matrix.ts';
import { workspaceAbilities } from './policy.ts';

const matrix = personaMatrix();
const url = (path = '') => `/api/v1/w/${matrix.ws.slug}${path}`;

describe('workspace and audit abilities match the API’s refusals (every party × role)', () => {
  it('the abilities the workspace page sends are workspaceAbilities() of the caller', async () => {
    for (const p of matrix.personas) {
      const response = await p.client.get(url());
      expect(response.statusCode).toBe(200);
      expect(response.json().abilities).toEqual(workspaceAbilities(p.actor));
    }
  });

  it('update, listParties, manageParties and readAudit: allowed answers, refused refuses', async () => {
    const results = [];
    for (const p of matrix.personas) {
      const abilities = { ...workspaceAbilities(p.actor), ...auditAbilities(p.actor) };
      const { version, name } = (await matrix.personas[0]!.client.get(url())).json().workspace;
      const checks = {
        update: () => p.client.patch(url(), { version, name }),
        listParties: () => p.client.get(url('/parties')),
        manageParties: () => p.client.post(url('/parties'), { name: `Party of ${p.name}` }),
        readAudit: () => p.client.get(url('/audit?limit=1')),
        read: () => p.client.get(url('/audit?limit=1')),
      } as const;
      for (const [ability, call] of Object.entries(checks)) {
        const response = await call();
        results.push({
          persona: p.name,
          ability,
          allowed: abilities[ability as keyof typeof abilities],
          status: response.statusCode,
          body: response.body,
        });
      }
    }
    expect(abilityMismatches(results)).toEqual([]);
    // The matrix is not vacuous: each ability is granted to someone and refused to someone.
    for (const ability of ['update', 'listParties', 'manageParties', 'readAudit']) {
      const outcomes = new Set(results.filter((r) => r.ability === ability).map((r) => r.allowed));
      expect(outcomes, ability).toEqual(new Set([true, false]));
    }
  });
});
