import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, signedIn, type TestClient } from '../test/client.ts';
import { signInNewMember, testAppForFile, workspaceForFile } from '../test/file-setup.ts';

const t = testAppForFile();
const ws = workspaceForFile(t, 'Acme');
const other = workspaceForFile(t, 'Other');
let lead: TestClient;
let agent: TestClient;
let engineer: TestClient;
let requester: TestClient;
let otherRequester: TestClient;
let outsider: TestClient;
let catalogue: Array<{
  id: string;
  name: string;
  serviceId: string;
  fields: Array<{ name: string; required: boolean }>;
}>;

const base = () => `/api/v1/w/${ws.slug}`;
const item = (name: string) => catalogue.find((i) => i.name === name)!;
const ticketCount = async () =>
  (
    await t.database.unsafeOwnerQuery<{ n: number }>(
      'select count(*)::int as n from tickets where workspace_id = $1',
      [ws.id],
    )
  )[0]!.n;

async function giveEndpointsToProvider() {
  const map = (await lead.get(`${base()}/responsibility/map`)).json();
  const endpoints = map.services.find((s: { key: string }) => s.key === 'endpoint-management').id;
  const internalR = map.assignments.find(
    (a: { serviceId: string; role: string }) => a.serviceId === endpoints && a.role === 'R',
  );
  const proposal = await lead.post(`${base()}/responsibility/proposals`, {
    title: 'Northwind runs endpoints',
    changes: [
      { op: 'add', serviceId: endpoints, partyId: ws.providerPartyId, role: 'R' },
      { op: 'remove', serviceId: endpoints, partyId: internalR.partyId, role: 'R' },
      { op: 'add', serviceId: endpoints, partyId: ws.internalPartyId, role: 'I' },
    ],
  });
  await lead.post(`${base()}/responsibility/proposals/${proposal.json().proposal.number}/approve`, {});
}

beforeAll(async () => {
  lead = await signedIn(t.app, ws.lead.email);
  agent = await signInNewMember(t, ws, { party: 'internal', role: 'agent' });
  engineer = await signInNewMember(t, ws, { party: 'provider', role: 'agent' });
  requester = await signInNewMember(t, ws, { party: null, role: 'requester' });
  otherRequester = await signInNewMember(t, ws, { party: null, role: 'requester' });
  outsider = await signInNewMember(t, other, { party: 'provider', role: 'agent' });
  catalogue = (await requester.get(`${base()}/catalogue`)).json().items;
  await giveEndpointsToProvider();
});

describe('the portal to resolution', () => {
  it('routes a request by the map, hands off with a reason, resolves and takes a rating', async () => {
    const created = await requester.post(`${base()}/tickets`, {
      catalogueItemId: item('New or replacement device').id,
      subject: 'My laptop screen flickers',
      description: 'Since Monday the screen flickers when on battery.',
      urgency: 'medium',
      fieldValues: { device: 'Laptop' },
    });
    expect(created.statusCode).toBe(201);
    const { key, number } = created.json().ticket;
    expect(key).toMatch(/^WS[A-Z0-9]*-1$/);
    expect(created.json().routingReason).toBe(
      'Routed to Provider Ltd lane: Endpoint management, Responsible = Provider Ltd',
    );
    // The answer names the service and lane, as the queue does.
    expect(created.json().ticket.lane).toEqual({
      kind: 'party',
      partyId: ws.providerPartyId,
      name: 'Provider Ltd',
    });
    expect(created.json().ticket.service.name).toBe('Endpoint management');

    const seen = (await engineer.get(`${base()}/tickets/${number}`)).json();
    expect(seen.watcherPartyIds).toEqual([ws.internalPartyId]);

    const noReason = await engineer.post(`${base()}/tickets/${number}/handoff`, {
      version: seen.ticket.version,
      toPartyId: ws.internalPartyId,
      reason: '',
    });
    expect(noReason.statusCode).toBe(400);
    const handed = await engineer.post(`${base()}/tickets/${number}/handoff`, {
      version: seen.ticket.version,
      toPartyId: ws.internalPartyId,
      reason: 'Needs a warranty claim, which Acme IT handles',
    });
    expect(handed.statusCode).toBe(200);
    expect(handed.json().ticket.handoffCount).toBe(1);
    // A change's answer names the lane and service as the queue does.
    expect(handed.json().ticket.lane).toMatchObject({ kind: 'party', partyId: ws.internalPartyId });
    expect(handed.json().ticket.lane.name).toMatch(/ IT$/);
    expect(handed.json().ticket.service.name).toBe('Endpoint management');

    const detail = (await agent.get(`${base()}/tickets/${number}`)).json();
    expect(detail.handoffs).toEqual([
      expect.objectContaining({ fromPartyId: ws.providerPartyId, toPartyId: ws.internalPartyId }),
    ]);
    const resolved = await agent.patch(`${base()}/tickets/${number}`, {
      version: detail.ticket.version,
      status: 'resolved',
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().ticket.service.name).toBe('Endpoint management');

    const rated = await requester.post(`${base()}/tickets/${number}/rating`, {
      rating: 5,
      comment: 'Quick, thanks',
    });
    expect(rated.statusCode).toBe(200);
    expect((await requester.post(`${base()}/tickets/${number}/rating`, { rating: 1 })).statusCode).toBe(409);
    // A rating changes nothing staff edit: the version staff read before it is still current.
    const closed = await agent.patch(`${base()}/tickets/${number}`, {
      version: resolved.json().ticket.version,
      status: 'closed',
    });
    expect(closed.statusCode).toBe(200);
    // A closed ticket is a record: a change that does not reopen it is refused and writes nothing.
    const closedVersion = closed.json().ticket.version;
    for (const change of [{ impact: 'high' }, { assigneeMembershipId: null }, { category: 'Hardware' }, {}]) {
      const refused = await agent.patch(`${base()}/tickets/${number}`, { version: closedVersion, ...change });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('TICKET_CLOSED');
    }
    const frozen = (await agent.get(`${base()}/tickets/${number}`)).json().ticket;
    expect(frozen).toMatchObject({ version: closedVersion, status: 'closed', impact: detail.ticket.impact });
    expect(frozen.abilities).toMatchObject({ update: true, assign: false, handOff: false });
    const [audit] = await t.database.unsafeOwnerQuery<{ actions: string[] }>(
      `select array_agg(action order by id) as actions from audit_events where workspace_id = $1 and entity_type = 'ticket'`,
      [ws.id],
    );
    expect(audit!.actions).toEqual([
      'ticket.created',
      'ticket.handed_off',
      'ticket.updated',
      'ticket.rated',
      'ticket.updated',
    ]);
  });
});

describe('a requester’s reply and the staff’s version', () => {
  const raise = async () =>
    (
      await requester.post(`${base()}/tickets`, {
        catalogueItemId: item('New or replacement device').id,
        subject: 'Dock does not charge',
        fieldValues: { device: 'Laptop' },
      })
    ).json().ticket as { number: number };

  it('lets staff hand off and update with the version they read before a reply that changed no field', async () => {
    const { number } = await raise();
    const read = (await engineer.get(`${base()}/tickets/${number}`)).json().ticket;
    const replied = await requester.post(`${base()}/tickets/${number}/comments`, {
      body: 'It is the USB-C dock on the third floor.',
    });
    expect(replied.statusCode).toBe(201);
    const handed = await engineer.post(`${base()}/tickets/${number}/handoff`, {
      version: read.version,
      toPartyId: ws.internalPartyId,
      reason: 'Docks are Acme IT’s',
    });
    expect(handed.statusCode).toBe(200);
    const after = (await agent.get(`${base()}/tickets/${number}`)).json();
    await requester.post(`${base()}/tickets/${number}/comments`, { body: 'Any news?' });
    const updated = await agent.patch(`${base()}/tickets/${number}`, {
      version: after.ticket.version,
      status: 'in_progress',
    });
    expect(updated.statusCode).toBe(200);
    // The conversation still shows both replies.
    const bodies = (await agent.get(`${base()}/tickets/${number}`))
      .json()
      .comments.map((c: { body: string }) => c.body);
    expect(bodies).toEqual(expect.arrayContaining(['It is the USB-C dock on the third floor.', 'Any news?']));
  });

  it('still answers 409 when the reply changed the status the staff saw', async () => {
    const { number } = await raise();
    const seen = (await engineer.get(`${base()}/tickets/${number}`)).json().ticket;
    const waiting = await engineer.patch(`${base()}/tickets/${number}`, {
      version: seen.version,
      status: 'waiting_on_requester',
    });
    expect(waiting.statusCode).toBe(200);
    const read = (await engineer.get(`${base()}/tickets/${number}`)).json().ticket;
    await requester.post(`${base()}/tickets/${number}/comments`, { body: 'Here is the serial: X123.' });
    const now = (await engineer.get(`${base()}/tickets/${number}`)).json().ticket;
    expect(now.status).toBe('in_progress');
    const stale = await engineer.patch(`${base()}/tickets/${number}`, {
      version: read.version,
      status: 'resolved',
    });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('STALE_VERSION');
    const handOff = await engineer.post(`${base()}/tickets/${number}/handoff`, {
      version: read.version,
      toPartyId: ws.internalPartyId,
      reason: 'Docks are Acme IT’s',
    });
    expect(handOff.statusCode).toBe(409);
  });
});

describe('comments and who sees them', () => {
  it('never shows staff or party notes to the requester, nor party notes to the other party', async () => {
    const { number } = (
      await requester.post(`${base()}/tickets`, {
        catalogueItemId: item('New or replacement device').id,
        subject: 'Printer jam',
        fieldValues: { device: 'Other' },
      })
    ).json().ticket;
    await agent.post(`${base()}/tickets/${number}/comments`, {
      body: 'Hello, looking now',
      visibility: 'public',
    });
    await agent.post(`${base()}/tickets/${number}/comments`, {
      body: 'Both teams: toner order pending',
      visibility: 'staff',
    });
    await agent.post(`${base()}/tickets/${number}/comments`, {
      body: 'Acme only: vendor contract dispute',
      visibility: 'party',
    });
    const bodies = async (client: TestClient) =>
      (await client.get(`${base()}/tickets/${number}`)).json().comments.map((c: { body: string }) => c.body);
    expect(await bodies(requester)).toEqual(['Hello, looking now']);
    expect(await bodies(engineer)).toEqual(['Hello, looking now', 'Both teams: toner order pending']);
    expect(await bodies(agent)).toHaveLength(3);
    const refused = await requester.post(`${base()}/tickets/${number}/comments`, {
      body: 'sneaky',
      visibility: 'staff',
    });
    expect(refused.statusCode).toBe(403);
  });

  it('keeps hidden notes out of search results and snippets', async () => {
    const { number } = (
      await requester.post(`${base()}/tickets`, {
        catalogueItemId: item('Something is not working').id,
        subject: 'Scanner offline',
      })
    ).json().ticket;
    await agent.post(`${base()}/tickets/${number}/comments`, {
      body: 'zebracorn escalation internal',
      visibility: 'party',
    });
    expect((await agent.get(`${base()}/tickets/search?q=zebracorn`)).json().items).toHaveLength(1);
    expect((await requester.get(`${base()}/tickets/search?q=zebracorn`)).json().items).toHaveLength(0);
    expect((await engineer.get(`${base()}/tickets/search?q=zebracorn`)).json().items).toHaveLength(0);
  });

  it("finds a ticket by its comments' words as each reader may read them", async () => {
    const { number, key } =
      // A device request routes to the provider's lane: both parties' staff see it.
      (
        await requester.post(`${base()}/tickets`, {
          catalogueItemId: item('New or replacement device').id,
          subject: 'Badge reader beeps',
          fieldValues: { device: 'Other' },
        })
      ).json().ticket;
    const comment = (client: TestClient, body: string, visibility: string) =>
      client.post(`${base()}/tickets/${number}/comments`, { body, visibility });
    expect((await comment(agent, 'Firmware flamingoquartz rolled back', 'public')).statusCode).toBe(201);
    expect((await comment(engineer, 'Vendor case pelicanbrass opened', 'staff')).statusCode).toBe(201);
    expect((await comment(engineer, 'Our own walrusamber checklist', 'party')).statusCode).toBe(201);
    expect((await comment(agent, 'Later: flamingoquartz again on Friday', 'public')).statusCode).toBe(201);
    const found = async (client: TestClient, q: string) => {
      const items = (await client.get(`${base()}/tickets/search?q=${q}`)).json().items as {
        key: string;
        snippet: { text: string; highlight: boolean }[];
      }[];
      return items.find((h) => h.key === key);
    };
    // A public comment: everyone who sees the ticket, the first comment's words and the last's.
    for (const client of [requester, agent, engineer])
      expect(await found(client, 'flamingoquartz')).toBeDefined();
    expect((await found(requester, 'friday'))?.snippet).toContainEqual({ text: 'Friday', highlight: true });
    // A staff note: both parties' staff, never the requester, nor through its snippet.
    expect((await found(agent, 'pelicanbrass'))?.snippet).toContainEqual({
      text: 'pelicanbrass',
      highlight: true,
    });
    expect(await found(engineer, 'pelicanbrass')).toBeDefined();
    expect(await found(requester, 'pelicanbrass')).toBeUndefined();
    // A party note: its own party only.
    expect(await found(engineer, 'walrusamber')).toBeDefined();
    expect(await found(agent, 'walrusamber')).toBeUndefined();
    expect(await found(requester, 'walrusamber')).toBeUndefined();
  });
});

describe('queues and search', () => {
  it('gives each party its lane, joint triage for shared services, and pages without repeats', async () => {
    for (let i = 0; i < 5; i++) {
      await requester.post(`${base()}/tickets`, {
        catalogueItemId: item('New or replacement device').id,
        subject: `Dock ${i}`,
        fieldValues: { device: 'Other' },
      });
    }
    const lane = (await engineer.get(`${base()}/tickets?queue=lane&limit=2`)).json();
    expect(lane.items).toHaveLength(2);
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string; lane: { partyId: string } }>; nextCursor: string | null } = (
        await engineer.get(`${base()}/tickets?queue=lane&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      for (const ticket of page.items) {
        expect(seen.has(ticket.id)).toBe(false);
        seen.add(ticket.id);
        expect(ticket.lane.partyId).toBe(ws.providerPartyId);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBeGreaterThanOrEqual(5);
    expect((await engineer.get(`${base()}/tickets?queue=all`)).statusCode).toBe(403);
    // A requester's "everything" is their own requests (the default queue), not a refusal meant for staff.
    const asked = await requester.get(`${base()}/tickets`);
    expect(asked.statusCode, asked.body).toBe(200);
    const own = (await requester.get(`${base()}/tickets?queue=requested&limit=100`)).json().items;
    expect(asked.json().items.map((t: { id: string }) => t.id)).toEqual(
      own.slice(0, asked.json().items.length).map((t: { id: string }) => t.id),
    );
    expect(asked.json().items.length).toBeGreaterThan(0);
    expect((await agent.get(`${base()}/tickets?queue=all&priority=P4,P3&status=new`)).statusCode).toBe(200);
    expect((await agent.get(`${base()}/tickets?status=sideways`)).statusCode).toBe(400);
  });

  it('keeps exactly the tickets each filter names, sorted and paged without repeats', async () => {
    type Row = {
      id: string;
      status: string;
      priority: string;
      service: { id: string };
      lane: { kind: string; partyId?: string };
      assignee: { membershipId: string } | null;
      createdAt: string;
      updatedAt: string;
    };
    for (const [name, subject] of [
      ['New or replacement device', 'Filter dock'],
      ['Something is not working', 'Filter printer'],
      ['New or replacement device', 'Filter monitor'],
    ] as const)
      await requester.post(`${base()}/tickets`, {
        catalogueItemId: item(name).id,
        subject,
        ...(name === 'New or replacement device' && { fieldValues: { device: 'Other' } }),
      });
    const everything: Row[] = (await lead.get(`${base()}/tickets?queue=all&limit=200`)).json().items;
    const lead0 = everything.find((r) => r.assignee)?.assignee?.membershipId;
    const middle = [...everything].sort((a, b) => a.createdAt.localeCompare(b.createdAt))[
      Math.floor(everything.length / 2)
    ]!.createdAt;
    const service = everything[0]!.service.id;
    const open = ['new', 'triaged', 'in_progress', 'waiting_on_requester', 'waiting_on_party'];
    const cases: Array<[string, (r: Row) => boolean]> = [
      ['status=new,resolved', (r) => ['new', 'resolved'].includes(r.status)],
      ['open=true', (r) => open.includes(r.status)],
      ['priority=P3', (r) => r.priority === 'P3'],
      [`serviceId=${service}`, (r) => r.service.id === service],
      ['lane=joint', (r) => r.lane.kind === 'joint'],
      [`lane=${ws.providerPartyId}`, (r) => r.lane.partyId === ws.providerPartyId],
      ['assignee=none', (r) => r.assignee === null],
      ...(lead0
        ? [
            [`assignee=${lead0}`, (r: Row) => r.assignee?.membershipId === lead0] as [
              string,
              (r: Row) => boolean,
            ],
          ]
        : []),
      [`createdAfter=${middle}`, (r) => r.createdAt >= middle],
      [`createdBefore=${middle}&open=true`, (r) => r.createdAt <= middle && open.includes(r.status)],
    ];
    for (const [filter, keeps] of cases) {
      for (const sort of ['updated', 'priority', 'sla_due']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const answer = await lead.get(
            `${base()}/tickets?queue=all&${filter}&sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(answer.statusCode, answer.body).toBe(200);
          const page: { items: Row[]; nextCursor: string | null } = answer.json();
          seen.push(...page.items.map((r) => r.id));
          cursor = page.nextCursor;
        } while (cursor);
        const expected = everything.filter(keeps).map((r) => r.id);
        expect(new Set(seen).size, `${filter} sorted by ${sort}`).toBe(seen.length);
        expect([...seen].sort(), `${filter} sorted by ${sort}`).toEqual([...expected].sort());
      }
    }
    // The filters that must match something here, so the comparison is not between two empty lists.
    for (const [filter, keeps] of cases.filter(([f]) =>
      /^(open|serviceId|lane=[0-9a-f]|createdAfter)/.test(f),
    ))
      expect(everything.filter(keeps).length, filter).toBeGreaterThan(0);
  });

  it('ranks full-text matches and highlights them in plain segments', async () => {
    await requester.post(`${base()}/tickets`, {
      catalogueItemId: item('Something is not working').id,
      subject: 'Outlook crashes on start',
      description: 'Outlook crashes every morning',
    });
    const hits = (await agent.get(`${base()}/tickets/search?q=outlook crashes`)).json().items;
    expect(hits[0].subject).toBe('Outlook crashes on start');
    expect(
      hits[0].snippet.some(
        (s: { highlight: boolean; text: string }) => s.highlight && /outlook/i.test(s.text),
      ),
    ).toBe(true);
    // A word only a comment has: the snippet is that comment's, highlighted.
    const { number } = (
      await requester.post(`${base()}/tickets`, {
        catalogueItemId: item('Something is not working').id,
        subject: 'Laptop fan loud',
        description: 'Very loud since Monday',
      })
    ).json().ticket;
    await agent.post(`${base()}/tickets/${number}/comments`, { body: 'Replaced the quokkafrost fan module' });
    const [byComment] = (await agent.get(`${base()}/tickets/search?q=quokkafrost`)).json().items;
    expect(byComment.subject).toBe('Laptop fan loud');
    expect(byComment.snippet).toContainEqual({ text: 'quokkafrost', highlight: true });
  });

  it('answers an exact key with that ticket alone, and a bare number with the text as well', async () => {
    const post = (subject: string, description: string) =>
      requester.post(`${base()}/tickets`, {
        catalogueItemId: item('Something is not working').id,
        subject,
        description,
      });
    const target = (await post('Scanner jams on the third floor', 'Paper stuck')).json().ticket;
    const keys = async (client: TestClient, q: string) =>
      ((await client.get(`${base()}/tickets/search?q=${q}`)).json().items as { key: string }[]).map(
        (h) => h.key,
      );
    await post('Same as before', `Looks like ${target.key} again; error ${target.number}`);
    expect(await keys(agent, target.key)).toEqual([target.key]);
    expect(await keys(agent, target.key.toLowerCase())).toEqual([target.key]);
    // A bare number may be an error code: the ticket first, then the text that mentions it.
    const byNumber = await keys(agent, String(target.number));
    expect(byNumber[0]).toBe(target.key);
    expect(byNumber.length).toBeGreaterThan(1);
    // Someone who may not see the ticket gets nothing of it through its key.
    expect(await keys(otherRequester, target.key)).not.toContain(target.key);
  });
});

describe('refusals', () => {
  it("refuses a requester reading another requester's ticket (404) and an outsider (404)", async () => {
    const { number } = (
      await requester.post(`${base()}/tickets`, {
        catalogueItemId: item('Ask a question').id,
        subject: 'Private',
      })
    ).json().ticket;
    expect((await otherRequester.get(`${base()}/tickets/${number}`)).statusCode).toBe(404);
    expect((await outsider.get(`${base()}/tickets/${number}`)).statusCode).toBe(404);
  });

  it.each([
    [
      'an unknown catalogue item',
      { catalogueItemId: '00000000-0000-4000-8000-000000000000', subject: 'x' },
      'body.catalogueItemId',
    ],
    [
      'a missing required field',
      () => ({ catalogueItemId: item('Restore a deleted file').id, subject: 'x' }),
      'body.fieldValues.path',
    ],
    [
      'a field of the wrong type',
      () => ({ catalogueItemId: item('Restore a deleted file').id, subject: 'x', fieldValues: { path: 42 } }),
      'body.fieldValues.path',
    ],
    [
      'an unknown field',
      () => ({ catalogueItemId: item('Ask a question').id, subject: 'x', fieldValues: { colour: 'red' } }),
      'body.fieldValues.colour',
    ],
    ['no catalogue item from a requester', { subject: 'x' }, 'body.catalogueItemId'],
    [
      'a requester setting impact',
      () => ({ catalogueItemId: item('Ask a question').id, subject: 'x', impact: 'high' }),
      'body.impact',
    ],
    [
      'a 10 MB description',
      () => ({
        catalogueItemId: item('Ask a question').id,
        subject: 'x',
        description: 'a'.repeat(10 * 1024 * 1024),
      }),
      null,
    ],
  ])('refuses %s and writes nothing', async (_name, body, path) => {
    const before = await ticketCount();
    const response = await requester.post(`${base()}/tickets`, typeof body === 'function' ? body() : body);
    expect(response.statusCode).toBe(path ? 400 : 413);
    if (path) expect(JSON.stringify(errorOf(response))).toContain(path);
    expect(await ticketCount()).toBe(before);
  });

  it('refuses a status change the lifecycle forbids (409) and a stale version (409)', async () => {
    const { number } = (
      await requester.post(`${base()}/tickets`, {
        catalogueItemId: item('Ask a question').id,
        subject: 'Lifecycle',
      })
    ).json().ticket;
    const ticket = (await agent.get(`${base()}/tickets/${number}`)).json().ticket;
    const forbidden = await agent.patch(`${base()}/tickets/${number}`, {
      version: ticket.version,
      status: 'new',
    });
    expect(forbidden.statusCode).toBe(409);
    expect(errorOf(forbidden).code).toBe('STATUS_NOT_ALLOWED');
    await agent.patch(`${base()}/tickets/${number}`, { version: ticket.version, status: 'in_progress' });
    const stale = await agent.patch(`${base()}/tickets/${number}`, {
      version: ticket.version,
      status: 'resolved',
    });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('STALE_VERSION');
  });

  it('refuses requesters changing tickets other than reopening', async () => {
    const { number } = (
      await requester.post(`${base()}/tickets`, {
        catalogueItemId: item('Ask a question').id,
        subject: 'Mine',
      })
    ).json().ticket;
    const ticket = (await requester.get(`${base()}/tickets/${number}`)).json().ticket;
    expect(
      (await requester.patch(`${base()}/tickets/${number}`, { version: ticket.version, status: 'resolved' }))
        .statusCode,
    ).toBe(403);
  });
});
