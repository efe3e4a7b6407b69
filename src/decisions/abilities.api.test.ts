import { describe, expect, it } from 'vitest';
import { expectAbilitiesHonoured, personaMatrix } from '../test/persona-matrix.ts';

const matrix = personaMatrix();
const url = (path = '') => `/api/v1/w/${matrix.ws.slug}${path}`;
const NO = { decide: false, withdraw: false, comment: false };

describe('decision abilities match the API’s refusals (every party × role, on decisions of each decider)', () => {
  it('comment, decide and withdraw: what the decision page offers is what the API accepts', async () => {
    const lead = matrix.personas.find((p) => p.name === 'internalLead')!;
    const types = (await lead.client.get(url('/decision-types'))).json().items as Array<{
      key: string;
      decider: string;
      proposerKinds: string[];
    }>;
    // One type per decider the defaults hold, each proposable by the internal lead.
    const byDecider = [
      ...new Map(
        types.filter((x) => x.proposerKinds.includes('internal')).map((x) => [x.decider, x]),
      ).values(),
    ];
    expect(byDecider.length).toBeGreaterThan(0);
    const propose = async (typeKey: string, title: string) =>
      (await lead.client.post(url('/decisions'), { typeKey, title })).json().decision.number as number;
    const results = [];
    for (const type of byDecider) {
      for (const p of matrix.personas) {
        for (const action of ['comment', 'approve', 'withdraw'] as const) {
          const number = await propose(type.key, `${type.key} ${action} by ${p.name}`);
          const detail = await p.client.get(url(`/decisions/${number}`));
          const abilities = detail.statusCode === 200 ? detail.json().abilities : NO;
          const response =
            action === 'comment'
              ? await p.client.post(url(`/decisions/${number}/comments`), { body: 'A thought' })
              : await p.client.post(url(`/decisions/${number}/${action}`), { rationale: 'Because' });
          const ability = action === 'approve' ? 'decide' : action;
          results.push({
            persona: p.name,
            ability: `${ability} (${type.decider})`,
            allowed: abilities[ability],
            status: response.statusCode,
            body: response.body,
          });
        }
      }
    }
    expectAbilitiesHonoured(results);
  });
});
