import { describe, expect, it } from 'vitest';
import { errorOf } from '../test/client.ts';
import { abilityMismatches, personaMatrix } from '../test/persona-matrix.ts';
import { responsibilityAbilities } from './policy.ts';

const matrix = personaMatrix();
const url = (path = '') => `/api/v1/w/${matrix.ws.slug}${path}`;

describe('responsibility abilities match the API’s refusals (every party × role)', () => {
  it('view, propose, manageServices and decideProposal; proposal abilities on approve/reject/withdraw', async () => {
    const lead = matrix.personas.find((p) => p.name === 'internalLead')!;
    const map = (await lead.client.get(url('/responsibility/map'))).json();
    const serviceId = map.services[0].id as string;
    const change = { op: 'add', serviceId, partyId: matrix.ws.providerPartyId, role: 'I' };
    const leadProposal = async (title: string) =>
      (await lead.client.post(url('/responsibility/proposals'), { title, changes: [change] })).json().proposal
        .number as number;
    const results = [];
    for (const p of matrix.personas) {
      const abilities = responsibilityAbilities(p.actor);
      const read = await p.client.get(url('/responsibility/map'));
      results.push({ persona: p.name, ability: 'view', allowed: abilities.view, status: read.statusCode });
      if (read.statusCode === 200) expect(read.json().abilities).toEqual(abilities);
      const proposed = await p.client.post(url('/responsibility/proposals'), {
        title: `Proposed by ${p.name}`,
        changes: [change],
      });
      results.push({
        persona: p.name,
        ability: 'propose',
        allowed: abilities.propose,
        status: proposed.statusCode,
      });
      const service = await p.client.post(url('/services'), { name: `Service of ${p.name}` });
      results.push({
        persona: p.name,
        ability: 'manageServices',
        allowed: abilities.manageServices,
        status: service.statusCode,
      });
      // Issue #13: only the internal lead sets a service's business priority (a provider proposes).
      const services = (await lead.client.get(url('/responsibility/map'))).json().services;
      const target = services[1];
      const priority = await p.client.put(url(`/services/${target.id}/priority`), {
        version: target.version,
        businessPriority: 2,
      });
      results.push({
        persona: p.name,
        ability: 'setServicePriority',
        allowed: abilities.setServicePriority,
        status: priority.statusCode,
      });
      if (priority.statusCode === 403)
        expect(errorOf(priority).message).toMatch(
          /Only the internal IT lead sets the workspace's service priorities/,
        );
      const number = await leadProposal(`For ${p.name} to decide`);
      const detail = await p.client.get(url(`/responsibility/proposals/${number}`));
      const proposalAbilities =
        detail.statusCode === 200
          ? detail.json().abilities
          : { approve: false, reject: false, withdraw: false };
      expect(proposalAbilities.reject).toBe(abilities.decideProposal);
      const rejected = await p.client.post(url(`/responsibility/proposals/${number}/reject`), { note: 'No' });
      results.push({
        persona: p.name,
        ability: 'decideProposal (reject)',
        allowed: abilities.decideProposal,
        status: rejected.statusCode,
      });
      const other = await leadProposal(`For ${p.name} to withdraw`);
      const otherDetail = await p.client.get(url(`/responsibility/proposals/${other}`));
      const withdrawAllowed =
        otherDetail.statusCode === 200 && otherDetail.json().abilities.withdraw === true;
      const withdrawn = await p.client.post(url(`/responsibility/proposals/${other}/withdraw`), {});
      results.push({
        persona: p.name,
        ability: 'withdraw (lead’s proposal)',
        allowed: withdrawAllowed,
        status: withdrawn.statusCode,
      });
    }
    expect(abilityMismatches(results)).toEqual([]);
    for (const ability of ['view', 'propose', 'manageServices', 'setServicePriority']) {
      expect(new Set(results.filter((r) => r.ability === ability).map((r) => r.allowed)), ability).toEqual(
        new Set([true, false]),
      );
    }
  });
});
