import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../test/client.ts';
import { signInOutsider } from '../test/file-setup.ts';
import { expectAbilityHonoured, PERSONAS, type Persona, personaWorkspace } from '../test/personas.ts';
import { firstServiceId } from '../test/workspace-lookups.ts';

const area = personaWorkspace();
const base = () => `/api/v1/w/${area.ws.slug}`;
const as = (p: Persona) => area.people[p].client;
const count = async (where: string, params: unknown[]) =>
  (
    await area.t.database.unsafeOwnerQuery<{ n: number }>(
      `select count(*)::int as n from audit_events where workspace_id = $1 and ${where}`,
      [area.ws.id, ...params],
    )
  )[0]!.n;

let serviceId: string;
let canned: { id: string };
let outsider: TestClient;

async function raise(subject: string) {
  const r = await as('internalLead').post(`${base()}/tickets`, {
    serviceId,
    subject,
    requesterMembershipId: area.people.requester.membershipId,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().ticket as { id: string; key: string; version: number };
}
const detail = async (key: string) => (await as('internalLead').get(`${base()}/tickets/${key}`)).json();
const create = (client: TestClient, body: Record<string, unknown>) => client.post(`${base()}/macros`, body);

beforeAll(async () => {
  serviceId = await firstServiceId(as('internalLead'), area.ws);
  const r = await as('internalLead').post(`${base()}/canned-responses`, {
    title: 'Passing it on',
    body: 'Hi {{requester.firstName}}, {{ticket.key}} goes to our partner now.',
    scope: 'workspace',
  });
  expect(r.statusCode, r.body).toBe(201);
  canned = r.json().cannedResponse;
  outsider = await signInOutsider(area.t);
});

describe('macros', () => {
  it('applies status, assignee, a filled canned reply and a handoff as ONE audited change', async () => {
    const made = await create(as('internalLead'), {
      title: 'Send to the provider',
      scope: 'workspace',
      status: 'in_progress',
      assign: 'nobody',
      handoff: 'party',
      handoffPartyId: area.ws.providerPartyId,
      handoffReason: 'The provider runs this service.',
      cannedResponseId: canned.id,
    });
    expect(made.statusCode, made.body).toBe(201);
    const macro = made.json().macro;
    expect(macro.summary).toBe(
      'Set status to in progress; unassign; add reply “Passing it on”; hand off to ' +
        `${macro.handoffParty.name}`,
    );
    const ticket = await raise('VPN drops every hour');
    const before = {
      updated: await count(`action = 'ticket.updated'`, []),
      commented: await count(`action = 'ticket.commented'`, []),
      handed: await count(`action = 'ticket.handed_off'`, []),
      used: await count(`action = 'canned_response.used'`, []),
    };
    const applied = await as('internalAgent').post(`${base()}/macros/${macro.id}/apply`, {
      ticket: ticket.key,
      version: ticket.version,
    });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().steps).toEqual([
      'Status set to in progress',
      'Reply “Passing it on” added',
      `Handed off to ${macro.handoffParty.name}`,
    ]);
    const after = await detail(ticket.key);
    expect(after.ticket.status).toBe('in_progress');
    expect(after.ticket.lane).toMatchObject({ kind: 'party', partyId: area.ws.providerPartyId });
    expect(after.handoffs.at(-1).reason).toBe('The provider runs this service.');
    expect(after.comments.at(-1).body).toMatch(
      new RegExp(`^Hi \\S+, ${ticket.key} goes to our partner now\\.$`),
    );
    // One audit event names the macro and lists its steps; no separate step events.
    const events = await area.t.database.unsafeOwnerQuery<{
      after: { macro: { title: string }; steps: { action: string }[] };
    }>(
      `select after from audit_events where workspace_id = $1 and entity_id = $2 and action = 'ticket.macro_applied'`,
      [area.ws.id, ticket.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.after.macro.title).toBe('Send to the provider');
    expect(events[0]!.after.steps.map((s) => s.action)).toEqual([
      'ticket.updated',
      'ticket.commented',
      'ticket.handed_off',
    ]);
    expect(await count(`action = 'ticket.updated'`, [])).toBe(before.updated);
    expect(await count(`action = 'ticket.commented'`, [])).toBe(before.commented);
    expect(await count(`action = 'ticket.handed_off'`, [])).toBe(before.handed);
    expect(await count(`action = 'canned_response.used'`, [])).toBe(before.used);
    const listed = (await as('internalAgent').get(`${base()}/macros`)).json().items;
    expect(listed.find((m: { id: string }) => m.id === macro.id).usageCount).toBe(1);

    // ONE notification summarising the change (one notify() call, one dedupe key), reaching
    // everyone a step would have told: the requester (the reply) and the provider's staff (the
    // handoff), each once; the handoff's reason stays on the ticket.
    const sent = await area.t.database.unsafeOwnerQuery<{
      membership_id: string;
      dedupe_key: string;
      event: string;
      subject: string;
      body: string;
    }>(
      `select membership_id, dedupe_key, event, subject, body from notifications
       where workspace_id = $1 and link like $2`,
      [area.ws.id, `%/tickets/${ticket.key}`],
    );
    const afterRaise = sent.filter((n) => !n.dedupe_key.startsWith('ticket.created'));
    expect(new Set(afterRaise.map((n) => n.dedupe_key)).size).toBe(1);
    expect(new Set(afterRaise.map((n) => n.membership_id)).size).toBe(afterRaise.length);
    const to = new Set(afterRaise.map((n) => n.membership_id));
    expect(to.has(area.people.requester.membershipId)).toBe(true);
    expect(to.has(area.people.providerAgent.membershipId)).toBe(true);
    expect(to.has(area.people.internalAgent.membershipId)).toBe(false);
    expect(afterRaise[0]!.event).toBe('ticket.commented');
    expect(afterRaise[0]!.subject).toContain(`Handed off to ${macro.handoffParty.name}`);
    expect(afterRaise[0]!.body).toMatch(/goes to our partner now\./);
    expect(afterRaise[0]!.body).not.toContain('The provider runs this service.');
  });

  it('refuses a step that fails (a handoff into the lane it is in) naming it, and writes nothing', async () => {
    const made = await create(as('internalLead'), {
      title: 'Resolve and keep here',
      scope: 'workspace',
      status: 'resolved',
      assign: 'me',
      cannedResponseId: canned.id,
    });
    expect(made.statusCode, made.body).toBe(201);
    const bad = await create(as('internalLead'), {
      title: 'Back to us',
      scope: 'workspace',
      status: 'in_progress',
      cannedResponseId: canned.id,
      handoff: 'party',
      handoffPartyId: area.ws.internalPartyId,
      handoffReason: 'Ours.',
    });
    const ticket = await raise('Laptop fan loud');
    const lane = (await detail(ticket.key)).ticket.lane;
    if (lane.kind !== 'party' || lane.partyId !== area.ws.internalPartyId) {
      const moved = await as('internalLead').post(`${base()}/tickets/${ticket.key}/handoff`, {
        version: (await detail(ticket.key)).ticket.version,
        toPartyId: area.ws.internalPartyId,
        reason: 'Ours to work.',
      });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    const snapshot = await detail(ticket.key);
    const uses = (await as('internalLead').get(`${base()}/canned-responses`)).json().items[0].usageCount;
    const applied = await as('internalAgent').post(`${base()}/macros/${bad.json().macro.id}/apply`, {
      ticket: ticket.key,
    });
    expect(applied.statusCode, applied.body).toBe(409);
    expect(applied.json().error.code).toBe('SAME_LANE');
    expect(applied.json().error.message).toContain('“Back to us”');
    expect(applied.json().error.message).toContain('already in that lane');
    const now = await detail(ticket.key);
    expect(now.ticket.status).toBe(snapshot.ticket.status);
    expect(now.ticket.version).toBe(snapshot.ticket.version);
    expect(now.comments).toHaveLength(snapshot.comments.length);
    expect((await as('internalLead').get(`${base()}/canned-responses`)).json().items[0].usageCount).toBe(
      uses,
    );
    expect(await count(`entity_id = $2 and action = 'ticket.macro_applied'`, [snapshot.ticket.id])).toBe(0);

    // A stale version answers 409 before anything runs.
    const stale = await as('internalAgent').post(`${base()}/macros/${made.json().macro.id}/apply`, {
      ticket: ticket.key,
      version: snapshot.ticket.version - 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('STALE_VERSION');
  });

  it('on a closed ticket runs only a macro that reopens it or only replies; others are refused, nothing written', async () => {
    const macro = async (title: string, body: Record<string, unknown>) => {
      const r = await create(as('internalLead'), { title, scope: 'workspace', ...body });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().macro.id as string;
    };
    const resolve = await macro('Resolve it', { status: 'resolved', assign: 'me' });
    const triage = await macro('To triage', { handoff: 'triage', handoffReason: 'Needs a look.' });
    const reply = await macro('Just a reply', { cannedResponseId: canned.id });
    const ticket = await raise('Old request, closed');
    const lane = (await detail(ticket.key)).ticket.lane;
    const elsewhere =
      lane.kind === 'party' && lane.partyId === area.ws.providerPartyId
        ? area.ws.internalPartyId
        : area.ws.providerPartyId;
    const reopen = await macro('Reopen and pass on', {
      status: 'in_progress',
      handoff: 'party',
      handoffPartyId: elsewhere,
      handoffReason: 'Came back.',
    });
    for (const status of ['resolved', 'closed']) {
      const r = await as('internalLead').patch(`${base()}/tickets/${ticket.key}`, {
        version: (await detail(ticket.key)).ticket.version,
        status,
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    const closed = await detail(ticket.key);
    for (const id of [resolve, triage]) {
      const refused = await as('internalAgent').post(`${base()}/macros/${id}/apply`, { ticket: ticket.key });
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().error.code).toBe('TICKET_CLOSED');
      expect(refused.json().error.message).toMatch(/does not reopen it/);
    }
    const still = await detail(ticket.key);
    expect(still.ticket.version).toBe(closed.ticket.version);
    expect(still.comments).toHaveLength(closed.comments.length);

    const replied = await as('internalAgent').post(`${base()}/macros/${reply}/apply`, { ticket: ticket.key });
    expect(replied.statusCode, replied.body).toBe(200);
    expect((await detail(ticket.key)).ticket.status).toBe('closed');
    const reopened = await as('internalAgent').post(`${base()}/macros/${reopen}/apply`, {
      ticket: ticket.key,
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect((await detail(ticket.key)).ticket).toMatchObject({
      status: 'in_progress',
      lane: { kind: 'party', partyId: elsewhere },
    });
  });

  it('refuses inconsistent macros naming the field', async () => {
    const providerReply = (
      await as('providerLead').post(`${base()}/canned-responses`, { title: 'P', body: 'Ours.' })
    ).json().cannedResponse;
    // [what is wrong, the macro, what the refusal names]
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['it does nothing', { title: 'Empty' }, 'must do something'],
      ['a hand-off without a reason', { title: 'X', handoff: 'triage' }, 'handoffReason'],
      [
        'a hand-off that also assigns',
        { title: 'X', handoff: 'triage', handoffReason: 'r', assign: 'me' },
        'assign',
      ],
      [
        'a hand-off to an unknown party',
        {
          title: 'X',
          handoff: 'party',
          handoffPartyId: '00000000-0000-4000-8000-000000000000',
          handoffReason: 'r',
        },
        'handoffPartyId',
      ],
      [
        "a workspace-wide macro with one party's reply",
        { title: 'X', scope: 'workspace', cannedResponseId: providerReply.id },
        'cannedResponseId',
      ],
    ];
    for (const [wrong, macro, named] of cases) {
      const response = await create(as('internalLead'), macro);
      expect(response.statusCode, wrong).toBe(400);
      expect(response.body, wrong).toContain(named);
    }
    const names = (await as('internalLead').get(`${base()}/macros`))
      .json()
      .items.map((m: { title: string }) => m.title);
    expect(names).not.toContain('X');
    expect(names).not.toContain('Empty');
  });

  it('tells the requester of each reply when a reply-only macro is applied twice (a reply keeps the version)', async () => {
    const made = await create(as('internalLead'), {
      title: 'Just reply',
      scope: 'workspace',
      cannedResponseId: canned.id,
    });
    expect(made.statusCode, made.body).toBe(201);
    const ticket = await raise('Printer jams');
    for (const _ of [1, 2]) {
      const applied = await as('internalAgent').post(`${base()}/macros/${made.json().macro.id}/apply`, {
        ticket: ticket.key,
        version: ticket.version,
      });
      expect(applied.statusCode, applied.body).toBe(200);
      expect(applied.json().ticket.version).toBe(ticket.version);
    }
    const told = await area.t.database.unsafeOwnerQuery<{ n: number }>(
      `select count(*)::int as n from notifications
       where workspace_id = $1 and membership_id = $2 and link like $3 and event = 'ticket.commented'`,
      [area.ws.id, area.people.requester.membershipId, `%/tickets/${ticket.key}`],
    );
    expect(told[0]!.n).toBe(2);
  });

  it('updates with a version (409 when stale), deletes, and hides other parties’ and workspaces’ macros', async () => {
    const own = (
      await create(as('providerLead'), {
        title: 'Provider triage',
        handoff: 'triage',
        handoffReason: 'Needs both.',
      })
    ).json().macro;
    const changed = await as('providerLead').patch(`${base()}/macros/${own.id}`, {
      version: own.version,
      title: 'Provider to triage',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().macro.version).toBe(own.version + 1);
    expect(
      (await as('providerLead').patch(`${base()}/macros/${own.id}`, { version: own.version, title: 'x' }))
        .statusCode,
    ).toBe(409);
    const internalTitles = (await as('internalAgent').get(`${base()}/macros`))
      .json()
      .items.map((m: { title: string }) => m.title);
    expect(internalTitles).not.toContain('Provider to triage');
    expect(
      (await as('internalLead').patch(`${base()}/macros/${own.id}`, { version: 2, title: 'x' })).statusCode,
    ).toBe(404);
    const ticket = await raise('Printer offline');
    expect((await outsider.post(`${base()}/macros/${own.id}/apply`, { ticket: ticket.key })).statusCode).toBe(
      404,
    );
    expect((await as('providerLead').delete(`${base()}/macros/${own.id}`)).statusCode).toBe(204);
    expect((await as('providerLead').delete(`${base()}/macros/${own.id}`)).statusCode).toBe(404);
  });

  it('refusal matrix: who may list, create, apply and change', async () => {
    const wide = (await as('internalLead').get(`${base()}/macros`)).json().items[0];
    const ticket = await raise('Matrix ticket');
    for (const persona of PERSONAS) {
      const client = as(persona);
      const list = await client.get(`${base()}/macros`);
      const listAllowed = persona !== 'requester';
      expectAbilityHonoured(`${persona} list`, listAllowed, list, 'MACRO_RIGHT_REQUIRED');
      const abilities = listAllowed
        ? list.json().abilities
        : { createForParty: false, createForWorkspace: false };
      expectAbilityHonoured(
        `${persona} create party`,
        abilities.createForParty,
        await create(client, { title: `${persona} own`, status: 'in_progress' }),
        'MACRO_RIGHT_REQUIRED',
      );
      expectAbilityHonoured(
        `${persona} create workspace`,
        abilities.createForWorkspace,
        await create(client, { title: `${persona} wide`, status: 'in_progress', scope: 'workspace' }),
        'MACRO_RIGHT_REQUIRED',
      );
      expect(abilities.createForWorkspace).toBe(persona === 'internalLead');
      const apply = await client.post(`${base()}/macros/${wide.id}/apply`, { ticket: ticket.key });
      if (['internalViewer', 'requester'].includes(persona)) {
        expect(apply.statusCode, `${persona} apply`).toBe(403);
        expect(apply.json().error.code).toBe('MACRO_RIGHT_REQUIRED');
      } else expect(apply.statusCode, `${persona} apply ${apply.body}`).not.toBe(403);
    }
  });
});
