import { describe, expect, it } from 'vitest';
import { bearer } from '../test/accounts-helpers.ts';
import { abilityMismatches, personaMatrix } from '../test/persona-matrix.ts';

const matrix = personaMatrix();
const url = (path = '') => `/api/v1/w/${matrix.ws.slug}${path}`;
const tokenBody = (name: string) => ({ name, scopes: ['read', 'write'], expiresInDays: 7 });

describe('API token abilities match the API’s refusals (session and token callers, every role)', () => {
  it('a session may list, create and revoke its own tokens; a token may list and revoke but not create', async () => {
    const results = [];
    for (const p of matrix.personas) {
      const viaSession = await p.client.get(url('/tokens'));
      expect(viaSession.statusCode).toBe(200);
      const sessionAbilities = viaSession.json().abilities;
      const created = await p.client.post(url('/tokens'), tokenBody(`${p.name} a`));
      results.push({
        persona: p.name,
        ability: 'session create',
        allowed: sessionAbilities.create,
        status: created.statusCode,
      });
      const { secret } = created.json();
      const second = (await p.client.post(url('/tokens'), tokenBody(`${p.name} b`))).json();
      const revoked = await p.client.delete(url(`/tokens/${second.token.id}`));
      results.push({
        persona: p.name,
        ability: 'session revoke',
        allowed: sessionAbilities.revoke,
        status: revoked.statusCode,
      });

      const viaToken = await matrix.t.app.inject({
        method: 'GET',
        url: url('/tokens'),
        headers: bearer(secret),
      });
      expect(viaToken.statusCode).toBe(200);
      const tokenAbilities = viaToken.json().abilities;
      const minted = await matrix.t.app.inject({
        method: 'POST',
        url: url('/tokens'),
        headers: bearer(secret),
        payload: tokenBody('minted by a token'),
      });
      results.push({
        persona: p.name,
        ability: 'token create',
        allowed: tokenAbilities.create,
        status: minted.statusCode,
        body: minted.body,
      });
      results.push({
        persona: p.name,
        ability: 'token list',
        allowed: tokenAbilities.list,
        status: viaToken.statusCode,
      });
    }
    expect(abilityMismatches(results)).toEqual([]);
    expect(results.filter((r) => r.ability === 'token create').every((r) => !r.allowed)).toBe(true);
    expect(results.filter((r) => r.ability === 'session create').every((r) => r.allowed)).toBe(true);
  });
});
