import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../test/client.ts';
import { signInOutsider } from '../test/file-setup.ts';
import { expectAbilityHonoured, PERSONAS, type Persona, personaWorkspace } from '../test/personas.ts';
import { firstServiceId } from '../test/workspace-lookups.ts';

const area = personaWorkspace();
const base = () => `/api/v1/w/${area.ws.slug}`;
const as = (p: Persona) => area.people[p].client;
let ticketKey: string;
let requesterName: string;
let workspaceWide: { id: string; version: number };
let providerOwn: { id: string; version: number };
let outsider: TestClient;

const create = (client: TestClient, body: Record<string, unknown>) =>
  client.post(`${base()}/canned-responses`, body);

beforeAll(async () => {
  const { t, ws } = area;
  const serviceId = await firstServiceId(as('internalLead'), ws);
  const requester = area.people.requester;
  const raised = await as('internalLead').post(`${base()}/tickets`, {
    serviceId,
    subject: 'Printer jam',
    requesterMembershipId: requester.membershipId,
  });
  expect(raised.statusCode).toBe(201);
  ticketKey = raised.json().ticket.key;
  requesterName = (await as('requester').get('/api/v1/me')).json().account?.name ?? '';
  const r1 = await create(as('internalLead'), {
    title: 'We are on it',
    body: 'Hi {{requester.firstName}}, {{ticket.key}} ({{ticket.subject}}) is with {{agent.firstName}}.',
    scope: 'workspace',
  });
  expect(r1.statusCode, r1.body).toBe(201);
  workspaceWide = r1.json().cannedResponse;
  const r2 = await create(as('providerLead'), {
    title: 'Provider internal note',
    body: 'Checked on our side for {{service.name}}.',
    visibility: 'party',
  });
  expect(r2.statusCode, r2.body).toBe(201);
  providerOwn = r2.json().cannedResponse;
  outsider = await signInOutsider(t);
});

describe('canned responses', () => {
  it('lists the workspace-wide ones and only the reader’s own party’s, with placeholders and abilities', async () => {
    const internal = (await as('internalAgent').get(`${base()}/canned-responses`)).json();
    expect(internal.items.map((i: { title: string }) => i.title)).toEqual(['We are on it']);
    expect(internal.placeholders).toContain('requester.firstName');
    expect(internal.abilities).toEqual({ createForParty: false, createForWorkspace: false });
    const provider = (await as('providerAgent').get(`${base()}/canned-responses?q=note`)).json();
    expect(provider.items.map((i: { title: string }) => i.title)).toEqual(['Provider internal note']);
    expect((await as('providerLead').get(`${base()}/canned-responses`)).json().abilities).toEqual({
      createForParty: true,
      createForWorkspace: false,
    });
  });

  it('fills the placeholders for a ticket and counts each use', async () => {
    const r = await as('internalAgent').post(`${base()}/canned-responses/${workspaceWide.id}/use`, {
      ticket: ticketKey,
    });
    expect(r.statusCode, r.body).toBe(200);
    const filled = r.json();
    expect(filled.body).toMatch(new RegExp(`^Hi \\S+, ${ticketKey} \\(Printer jam\\) is with \\S+\\.$`));
    if (requesterName) expect(filled.body).toContain(`Hi ${requesterName.split(' ')[0]},`);
    expect(filled.visibility).toBe('public');
    const again = await as('internalLead').post(`${base()}/canned-responses/${workspaceWide.id}/use`, {
      ticket: ticketKey,
    });
    expect(again.json().usageCount).toBe(filled.usageCount + 1);
    const listed = (await as('internalLead').get(`${base()}/canned-responses`)).json().items[0];
    expect(listed.usageCount).toBe(2);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const unknown = await create(as('internalLead'), { title: 'X', body: 'Hi {{requester.first}}' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('body');
    expect(unknown.body).toContain('{{requester.first}}');
    const empty = await create(as('internalLead'), { title: ' ', body: 'x' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('title');
    const badTicket = await as('internalLead').post(`${base()}/canned-responses/${workspaceWide.id}/use`, {
      ticket: 'NOPE-1',
    });
    expect(badTicket.statusCode).toBe(404);
    expect((await as('internalLead').get(`${base()}/canned-responses?q=X`)).json().items).toEqual([]);
  });

  it('updates with a version (409 when stale) and deletes', async () => {
    const r = await as('providerLead').patch(`${base()}/canned-responses/${providerOwn.id}`, {
      version: providerOwn.version,
      title: 'Provider note',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().cannedResponse.version).toBe(providerOwn.version + 1);
    const stale = await as('providerLead').patch(`${base()}/canned-responses/${providerOwn.id}`, {
      version: providerOwn.version,
      title: 'Again',
    });
    expect(stale.statusCode).toBe(409);
    const temp = (await create(as('providerLead'), { title: 'Temp', body: 'Soon.' })).json().cannedResponse;
    expect((await as('providerLead').delete(`${base()}/canned-responses/${temp.id}`)).statusCode).toBe(204);
    expect((await as('providerLead').delete(`${base()}/canned-responses/${temp.id}`)).statusCode).toBe(404);
  });

  it('hides another party’s and another workspace’s responses as 404', async () => {
    expect(
      (
        await as('internalLead').patch(`${base()}/canned-responses/${providerOwn.id}`, {
          version: 1,
          title: 'x',
        })
      ).statusCode,
    ).toBe(404);
    const use = await outsider.post(`/api/v1/w/${area.ws.slug}/canned-responses/${workspaceWide.id}/use`, {
      ticket: ticketKey,
    });
    expect([403, 404]).toContain(use.statusCode);
  });

  it('refusal matrix: who may list, create for their party or the workspace, use, change and delete', async () => {
    for (const persona of PERSONAS) {
      const client = as(persona);
      const list = await client.get(`${base()}/canned-responses`);
      const listAllowed = persona !== 'requester';
      expectAbilityHonoured(`${persona} list`, listAllowed, list, 'REPLY_RIGHT_REQUIRED');
      const abilities = listAllowed
        ? list.json().abilities
        : { createForParty: false, createForWorkspace: false };
      const mine = await create(client, { title: `${persona} own`, body: 'Hello.' });
      expectAbilityHonoured(
        `${persona} create party`,
        abilities.createForParty,
        mine,
        'REPLY_RIGHT_REQUIRED',
      );
      const wide = await create(client, { title: `${persona} wide`, body: 'Hello.', scope: 'workspace' });
      expectAbilityHonoured(
        `${persona} create workspace`,
        abilities.createForWorkspace,
        wide,
        'REPLY_RIGHT_REQUIRED',
      );
      expect(abilities.createForWorkspace).toBe(persona === 'internalLead');
      expect(abilities.createForParty).toBe(persona === 'internalLead' || persona === 'providerLead');
      const use = await client.post(`${base()}/canned-responses/${workspaceWide.id}/use`, {
        ticket: ticketKey,
      });
      const mayUse = ['internalLead', 'internalAgent', 'providerLead', 'providerAgent'].includes(persona);
      // Provider staff see the ticket only when it is in their lane or joint triage: not a rights refusal.
      if (mayUse) expect(use.statusCode, `${persona} use`).not.toBe(403);
      else expect(use.statusCode, `${persona} use`).toBe(403);
      const item = listAllowed
        ? (list.json().items as Array<{ id: string; version: number; abilities: { update: boolean } }>).find(
            (i) => i.id === workspaceWide.id,
          )
        : undefined;
      const current = (await as('internalLead').get(`${base()}/canned-responses`))
        .json()
        .items.find((i: { id: string }) => i.id === workspaceWide.id);
      const change = await client.patch(`${base()}/canned-responses/${workspaceWide.id}`, {
        version: current.version,
        visibility: 'public',
      });
      expectAbilityHonoured(
        `${persona} update`,
        item?.abilities.update ?? false,
        change,
        'REPLY_RIGHT_REQUIRED',
      );
    }
  });
});
