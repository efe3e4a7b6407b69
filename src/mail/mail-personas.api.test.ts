import { beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkspace } from '../test/factories.ts';
import { testAppForFile } from '../test/file-setup.ts';
import { makePersonas, type Persona } from '../test/persona-matrix.ts';

const t = testAppForFile();
let ws: TestWorkspace;
let personas: Persona[];
const LEADS = new Set(['internalLead', 'providerLead']);

beforeAll(async () => {
  ({ ws, personas } = await makePersonas(t));
});

describe('who manages e-mail channels and the quarantine', () => {
  it('the leads of either party, nobody else (403 MAIL_RIGHT_REQUIRED, nothing written)', async () => {
    const base = `/api/v1/w/${ws.slug}/mail`;
    const lead = personas.find((p) => p.name === 'internalLead')!;
    const itemId = (
      (await lead.client.get(`/api/v1/w/${ws.slug}/catalogue`)).json().items as Array<{
        id: string;
        name: string;
      }>
    ).find((i) => i.name === 'Something is not working')!.id;
    for (const p of personas) {
      const allowed = LEADS.has(p.name);
      for (const path of ['/channels', '/events', '/quarantine']) {
        const r = await p.client.get(`${base}${path}`);
        expect(r.statusCode, `${p.name} GET ${path}`).toBe(allowed ? 200 : 403);
        if (!allowed) expect(r.json().error.code).toBe('MAIL_RIGHT_REQUIRED');
      }
      const created = await p.client.post(`${base}/channels`, {
        kind: 'smtp',
        name: p.name,
        addresses: [`${p.name.toLowerCase()}@personas.example`],
        catalogueItemId: itemId,
      });
      expect(created.statusCode, `${p.name} POST /channels`).toBe(allowed ? 201 : 403);
      const unknown = crypto.randomUUID();
      const decided = await p.client.post(`${base}/quarantine/${unknown}/reject`, {});
      expect(decided.statusCode, `${p.name} reject`).toBe(allowed ? 404 : 403);
    }
    const [row] = await t.database.unsafeOwnerQuery<{ n: number }>(
      'select count(*)::int as n from mail_channels where workspace_id = $1',
      [ws.id],
    );
    expect(row!.n).toBe(LEADS.size);
  });
});
