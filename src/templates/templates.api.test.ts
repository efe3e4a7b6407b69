import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../test/client.ts';
import { signInOutsider } from '../test/file-setup.ts';
import { expectAbilityHonoured, PERSONAS, type Persona, personaWorkspace } from '../test/personas.ts';
import { firstServiceId } from '../test/workspace-lookups.ts';

const area = personaWorkspace();
const base = () => `/api/v1/w/${area.ws.slug}`;
const as = (p: Persona) => area.people[p].client;
const create = (client: TestClient, body: Record<string, unknown>) =>
  client.post(`${base()}/ticket-templates`, body);
let serviceId: string;
let outsider: TestClient;

beforeAll(async () => {
  serviceId = await firstServiceId(as('internalLead'), area.ws);
  outsider = await signInOutsider(area.t);
});

describe('ticket templates', () => {
  it('creates a workspace template with the service named, lists it for every staff member', async () => {
    const r = await create(as('internalLead'), {
      title: 'New starter',
      subject: 'New starter: accounts and laptop',
      description: 'Name:\nStart date:\nManager:',
      serviceId,
      impact: 'low',
      urgency: 'high',
      category: 'onboarding',
      scope: 'workspace',
    });
    expect(r.statusCode, r.body).toBe(201);
    const t = r.json().template;
    expect(t.service.id).toBe(serviceId);
    expect(t.service.name).toBeTruthy();
    expect(t.scope).toBe('workspace');
    for (const p of ['internalAgent', 'providerAgent', 'internalViewer'] as const) {
      const listed = (await as(p).get(`${base()}/ticket-templates`)).json().items;
      expect(listed.map((i: { title: string }) => i.title)).toContain('New starter');
    }
  });

  it('keeps a party’s own templates to that party and refuses a foreign service', async () => {
    const own = await create(as('providerLead'), { title: 'Provider patching', subject: 'Patch window' });
    expect(own.statusCode, own.body).toBe(201);
    const internal = (await as('internalAgent').get(`${base()}/ticket-templates`)).json().items;
    expect(internal.map((i: { title: string }) => i.title)).not.toContain('Provider patching');
    const bad = await create(as('internalLead'), {
      title: 'X',
      subject: 'Y',
      serviceId: '00000000-0000-4000-8000-000000000000',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('serviceId');
    const empty = await create(as('internalLead'), { title: 'X', subject: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('subject');
    const titles = (await as('internalLead').get(`${base()}/ticket-templates`)).json().items;
    expect(titles.map((i: { title: string }) => i.title)).not.toContain('X');
  });

  it('updates with a version (409 when stale), deletes, and answers 404 for others', async () => {
    const t = (await create(as('internalLead'), { title: 'Temp', subject: 'Temp' })).json().template;
    const changed = await as('internalLead').patch(`${base()}/ticket-templates/${t.id}`, {
      version: t.version,
      subject: 'Temporary access',
      serviceId: null,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().template.subject).toBe('Temporary access');
    const stale = await as('internalLead').patch(`${base()}/ticket-templates/${t.id}`, {
      version: t.version,
      subject: 'x',
    });
    expect(stale.statusCode).toBe(409);
    expect(
      (await outsider.delete(`/api/v1/w/${area.ws.slug}/ticket-templates/${t.id}`)).statusCode,
    ).toBeGreaterThanOrEqual(403);
    expect((await as('internalLead').delete(`${base()}/ticket-templates/${t.id}`)).statusCode).toBe(204);
    expect((await as('internalLead').delete(`${base()}/ticket-templates/${t.id}`)).statusCode).toBe(404);
  });

  it('refusal matrix: who may list and create', async () => {
    for (const persona of PERSONAS) {
      const client = as(persona);
      const list = await client.get(`${base()}/ticket-templates`);
      const listAllowed = persona !== 'requester';
      expectAbilityHonoured(`${persona} list`, listAllowed, list, 'TEMPLATE_RIGHT_REQUIRED');
      const abilities = listAllowed
        ? list.json().abilities
        : { createForParty: false, createForWorkspace: false };
      expectAbilityHonoured(
        `${persona} create`,
        abilities.createForParty,
        await create(client, { title: `${persona} own`, subject: 'S' }),
        'TEMPLATE_RIGHT_REQUIRED',
      );
      expectAbilityHonoured(
        `${persona} create workspace`,
        abilities.createForWorkspace,
        await create(client, { title: `${persona} wide`, subject: 'S', scope: 'workspace' }),
        'TEMPLATE_RIGHT_REQUIRED',
      );
      expect(abilities.createForWorkspace).toBe(persona === 'internalLead');
    }
  });
});
