import { describe, expect, it } from 'vitest';
import { abilityMismatches, personaMatrix } from '../test/persona-matrix.ts';
import { catalogueAbilities } from './policy.ts';

const matrix = personaMatrix();
const url = (path = '') => `/api/v1/w/${matrix.ws.slug}${path}`;

describe('catalogue abilities match the API’s refusals (every party × role)', () => {
  it('view and manage: allowed answers, refused refuses; the list carries catalogueAbilities()', async () => {
    const lead = matrix.personas.find((p) => p.name === 'internalLead')!;
    const item = (await lead.client.get(url('/catalogue'))).json().items[0];
    expect(item).toBeDefined();
    const results = [];
    for (const p of matrix.personas) {
      const abilities = catalogueAbilities(p.actor);
      const list = await p.client.get(url('/catalogue'));
      results.push({ persona: p.name, ability: 'view', allowed: abilities.view, status: list.statusCode });
      if (list.statusCode === 200) expect(list.json().abilities).toEqual(abilities);
      const created = await p.client.post(url('/catalogue'), {
        serviceId: item.serviceId,
        kind: 'request',
        name: `Asked by ${p.name}`,
      });
      results.push({
        persona: p.name,
        ability: 'manage (create)',
        allowed: abilities.manage,
        status: created.statusCode,
      });
      const current = (await lead.client.get(url('/catalogue')))
        .json()
        .items.find((i: { id: string }) => i.id === item.id);
      const patched = await p.client.patch(url(`/catalogue/${item.id}`), {
        version: current.version,
        description: `edited by ${p.name}`,
      });
      results.push({
        persona: p.name,
        ability: 'manage (edit)',
        allowed: abilities.manage,
        status: patched.statusCode,
      });
    }
    expect(abilityMismatches(results)).toEqual([]);
    const manage = new Set(results.filter((r) => r.ability.startsWith('manage')).map((r) => r.allowed));
    expect(manage).toEqual(new Set([true, false]));
  });
});
