import { beforeAll, describe, expect, it } from 'vitest';
import { MailCatcher } from '../test/mail-catcher.ts';
import { PERSONAS, type Persona, personaWorkspace } from '../test/personas.ts';
import { waitFor } from '../test/wait-for.ts';

// Articles, people to invite and privileged accounts (issue #15), the refusal matrix, and what the
// bulk path for tickets must keep: routing by the map, numbering, comment order, search, one audit.
const catcher = new MailCatcher();
const { received } = catcher;
const options: Parameters<typeof personaWorkspace>[0] = {};
beforeAll(async () => {
  await catcher.start();
  options.mail = catcher.mailOption;
  return () => catcher.stop();
});
const area = personaWorkspace(options);

const url = () => `/api/v1/w/${area.ws.slug}/imports`;
const lead = () => area.people.internalLead.client;
const query = <T>(text: string, params: unknown[] = [area.ws.id]) =>
  area.t.database.unsafeOwnerQuery<T>(text, params);
const count = async (table: string, where = 'workspace_id = $1', params: unknown[] = [area.ws.id]) =>
  (await query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params))[0]!.n;
const samples: Record<string, string> = {
  tickets: 'externalId,subject,service\nM-1,Hello,Nope',
  systems: 'externalId,name,kind,criticality\nM-1,Matrix,application,low',
  articles: 'externalId,title,type\nM-1,Matrix,how_to',
  invitations: 'email,role\nmatrix@acme.test,requester',
  accounts: 'externalId,system,accountName,tier\nM-1,Nope,admin,admin',
};

describe('CSV import: who may', () => {
  it.each(PERSONAS)('%s: every kind is the internal lead’s alone', async (persona: Persona) => {
    for (const [kind, csv] of Object.entries(samples)) {
      const answer = await area.people[persona].client.post(url(), { kind, csv, dryRun: true });
      if (persona === 'internalLead') expect(answer.statusCode, `${kind}: ${answer.body}`).toBe(200);
      else {
        expect(answer.statusCode, `${persona} ${kind}`).toBe(403);
        expect(answer.json().error.code).toBe('IMPORT_RIGHT_REQUIRED');
      }
    }
  });
});

describe('CSV import of knowledge articles', () => {
  it('refuses a file over the row limit of its kind as a whole, writing nothing', async () => {
    const lines = ['externalId,title,type'];
    for (let i = 0; i < 5_001; i += 1) lines.push(`L-${i},Article ${i},how_to`);
    const before = await count('articles');
    const answer = await lead().post(url(), { kind: 'articles', csv: lines.join('\n'), dryRun: false });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.details).toEqual([
      { row: 0, field: null, message: 'The file has 5,001 rows; at most 5,000 rows of articles at a time.' },
    ]);
    expect(await count('articles')).toBe(before);
  });

  it('lists every bad row, commits drafts with their first version, and a re-run adds nothing', async () => {
    const bad = [
      'Id,Title,Kind,Visibility,Owner,Review by,Body',
      'K-1,,how_to,staff,,,',
      'K-2,Reset a password,recipe,everyone,Nobody Inc,31/12/2027,',
      'K-3,Fine,runbook,,,,',
      'K-3,Twice,runbook,,,,',
    ].join('\n');
    const mapping = {
      externalId: 'Id',
      title: 'Title',
      type: 'Kind',
      owner: 'Owner',
      reviewDueOn: 'Review by',
    };
    const before = await count('articles');
    const dry = await lead().post(url(), { kind: 'articles', csv: bad, mapping });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().errors).toEqual([
      { row: 1, field: 'title', message: 'must not be empty' },
      { row: 2, field: 'reviewDueOn', message: 'must be a date such as 2027-03-31' },
      { row: 4, field: 'externalId', message: 'K-3 appears twice in the file' },
    ]);
    const valid = bad.split('\n').filter((_, i) => i !== 1 && i !== 4);
    valid[1] = 'K-2,Reset a password,recipe,everyone,Nobody Inc,,';
    const dry2 = await lead().post(url(), { kind: 'articles', csv: valid.join('\n'), mapping });
    expect(dry2.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'type',
      'visibility',
      'owner',
    ]);
    const refused = await lead().post(url(), {
      kind: 'articles',
      csv: valid.join('\n'),
      mapping,
      dryRun: false,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('IMPORT_ROWS_INVALID');
    expect(await count('articles')).toBe(before);

    const good = [
      'Id,Title,Kind,Visibility,Owner,Review by,Body',
      'K-1,Reset a password,how-to,public,Provider Ltd,2027-03-31,"Open the portal, then ..."',
      'K-2,Restore the ERP,recovery procedure,,,,Step one',
    ].join('\n');
    const committed = await lead().post(url(), { kind: 'articles', csv: good, mapping, dryRun: false });
    expect(committed.statusCode, committed.body).toBe(200);
    expect(committed.json()).toMatchObject({ created: 2, alreadyImported: 0, errors: [] });
    const rows = await query<{
      title: string;
      type: string;
      status: string;
      visibility: string;
      owner: string;
      due: string;
      versions: number;
    }>(
      `select a.title, a.type, a.status, a.visibility, p.name as owner, a.review_due_on::text as due,
              (select count(*)::int from article_versions v where v.article_id = a.id) as versions
         from articles a join parties p on p.id = a.owner_party_id
        where a.workspace_id = $1 order by a.number`,
    );
    expect(rows).toEqual([
      {
        title: 'Reset a password',
        type: 'how_to',
        status: 'draft',
        visibility: 'public',
        owner: 'Provider Ltd',
        due: '2027-03-31',
        versions: 1,
      },
      {
        title: 'Restore the ERP',
        type: 'recovery_procedure',
        status: 'draft',
        visibility: 'staff',
        owner: 'Acme IT',
        due: null as unknown as string,
        versions: 1,
      },
    ]);
    const again = await lead().post(url(), { kind: 'articles', csv: good, mapping, dryRun: false });
    expect(again.json()).toMatchObject({ created: 0, alreadyImported: 2 });
    expect(await count('articles')).toBe(before + 2);
  });
});

describe('CSV import of people to invite', () => {
  it('refuses bad rows, invites through the members area (one-time link by mail), and a re-run invites nobody twice', async () => {
    const memberEmail = (
      await query<{ email: string }>(
        `select a.email from memberships m join accounts a on a.id = m.account_id where m.id = $1`,
        [area.people.providerAgent.membershipId],
      )
    )[0]!.email;
    const bad = [
      'email,role,party',
      'not-an-address,agent,Acme IT',
      'a@acme.test,boss,Acme IT',
      'b@acme.test,requester,Acme IT',
      'c@acme.test,agent,',
      'd@acme.test,agent,Nobody Inc',
      `${memberEmail},agent,Provider Ltd`,
      'e@acme.test,requester,',
      'E@acme.test,requester,',
    ].join('\n');
    const before = await count('invitations');
    const dry = await lead().post(url(), { kind: 'invitations', csv: bad });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().errors).toEqual([
      { row: 1, field: 'email', message: 'must be an e-mail address' },
      { row: 2, field: 'role', message: 'must be one of lead, agent, viewer, requester' },
      { row: 3, field: 'party', message: 'requesters belong to no party: leave it empty' },
      { row: 4, field: 'party', message: 'a agent needs a party' },
      { row: 5, field: 'party', message: 'names no party "Nobody Inc" here' },
      { row: 6, field: 'email', message: `${memberEmail} is already a member of this workspace` },
      { row: 8, field: 'email', message: 'e@acme.test appears twice in the file' },
    ]);
    const refused = await lead().post(url(), { kind: 'invitations', csv: bad, dryRun: false });
    expect(refused.statusCode).toBe(400);
    expect(await count('invitations')).toBe(before);

    const good = 'Email,Role,Party\nnew.agent@acme.test,agent,Provider Ltd\nnew.user@acme.test,requester,';
    const mapping = { email: 'Email', role: 'Role', party: 'Party' };
    const committed = await lead().post(url(), { kind: 'invitations', csv: good, mapping, dryRun: false });
    expect(committed.statusCode, committed.body).toBe(200);
    expect(committed.json()).toMatchObject({ created: 2, alreadyImported: 0 });
    const invited = await query<{ email: string; role: string; party: string | null }>(
      `select i.email, i.role, p.name as party from invitations i left join parties p on p.id = i.party_id
        where i.workspace_id = $1 and i.email like 'new.%' order by i.email`,
    );
    expect(invited).toEqual([
      { email: 'new.agent@acme.test', role: 'agent', party: 'Provider Ltd' },
      { email: 'new.user@acme.test', role: 'requester', party: null },
    ]);
    expect(
      await count('audit_events', 'workspace_id = $1 and action = $2', [area.ws.id, 'invitation.created']),
    ).toBe(2);
    await waitFor(() =>
      ['new.agent@acme.test', 'new.user@acme.test'].every((to) => received.some((m) => m.to.includes(to))),
    );
    const mail = received.find((m) => m.to.includes('new.user@acme.test'))!;
    expect(mail.body.replace(/=\r?\n/g, '')).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}/);
    const again = await lead().post(url(), { kind: 'invitations', csv: good, mapping, dryRun: false });
    expect(again.json()).toMatchObject({ created: 0, alreadyImported: 2 });
    expect(await count('invitations', "workspace_id = $1 and email like 'new.%'")).toBe(2);
  });
});

describe('CSV import of privileged accounts', () => {
  it('refuses bad rows, registers the rest through the access register, and a re-run adds nothing', async () => {
    const systems = await lead().post(url(), {
      kind: 'systems',
      csv: 'externalId,name,kind,criticality\nSYS-1,Entra ID,saas,critical',
      dryRun: false,
    });
    expect(systems.statusCode, systems.body).toBe(200);
    const emailOf = async (membershipId: string) =>
      (
        await query<{ email: string }>(
          `select a.email from memberships m join accounts a on a.id = m.account_id where m.id = $1`,
          [membershipId],
        )
      )[0]!.email;
    const agent = await emailOf(area.people.providerAgent.membershipId);
    const requester = await emailOf(area.people.requester.membershipId);
    const bad = [
      'externalId,system,accountName,tier,holder,mfa,expiresOn',
      'P-1,Nope,admin.one,admin,,,',
      'P-2,Entra ID,admin.two,superuser,,maybe,',
      `P-3,Entra ID,admin.three,admin,${requester},,`,
      'P-4,Entra ID,admin.four,admin,stranger@example.test,,2027-02-30',
      'P-5,Entra ID,shared,admin,,,',
      'P-6,Entra ID,SHARED,admin,,,',
    ].join('\n');
    const before = await count('privileged_accounts');
    const dry = await lead().post(url(), { kind: 'accounts', csv: bad });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().errors).toEqual([
      { row: 1, field: 'system', message: 'names no system "Nope" here' },
      { row: 2, field: 'tier', message: 'must be one of standard, admin, global_admin, break_glass' },
      { row: 2, field: 'mfa', message: 'must be one of yes, no, unknown' },
      {
        row: 3,
        field: 'holder',
        message: `${requester} is not active staff of a party (a requester holds no privileged account)`,
      },
      { row: 4, field: 'expiresOn', message: 'must be a date such as 2027-03-31' },
      { row: 6, field: 'accountName', message: '"SHARED" is already in the register for Entra ID' },
    ]);
    expect((await lead().post(url(), { kind: 'accounts', csv: bad, dryRun: false })).statusCode).toBe(400);
    expect(await count('privileged_accounts')).toBe(before);

    const good = [
      'externalId,system,accountName,tier,holder,mfa,expiresOn',
      `P-1,entra id,adm-${agent.split('@')[0]},admin,${agent},yes,2027-06-30`,
      'P-2,Entra ID,breakglass01,break_glass,,no,',
    ].join('\n');
    const committed = await lead().post(url(), { kind: 'accounts', csv: good, dryRun: false });
    expect(committed.statusCode, committed.body).toBe(200);
    expect(committed.json()).toMatchObject({ created: 2 });
    const rows = await query<{ tier: string; mfa: string; holder: string | null; expires: string | null }>(
      `select tier, mfa, membership_id as holder, to_char(expires_at at time zone 'UTC', 'YYYY-MM-DD') as expires
         from privileged_accounts where workspace_id = $1 order by account_name`,
    );
    expect(rows).toEqual([
      { tier: 'admin', mfa: 'yes', holder: area.people.providerAgent.membershipId, expires: '2027-06-30' },
      { tier: 'break_glass', mfa: 'no', holder: null, expires: null },
    ]);
    expect(
      await count('audit_events', 'workspace_id = $1 and action = $2', [area.ws.id, 'access.account_added']),
    ).toBe(2);
    const again = await lead().post(url(), { kind: 'accounts', csv: good, dryRun: false });
    expect(again.json()).toMatchObject({ created: 0, alreadyImported: 2 });
  });
});

describe('CSV import of tickets: the bulk path keeps what a ticket needs', () => {
  it('routes by the map, numbers in order, keeps comment order and search, one audit event, no SLA clocks', async () => {
    const map = (await lead().get(`/api/v1/w/${area.ws.slug}/responsibility/map`)).json();
    const service = map.services[0] as { id: string; name: string };
    const typed = await lead().post(`/api/v1/w/${area.ws.slug}/tickets`, {
      serviceId: service.id,
      subject: 'Typed in by hand',
      description: 'for comparison',
    });
    expect(typed.statusCode, typed.body).toBe(201);
    const csv = [
      'externalId,subject,description,service,comment',
      `T-1,Quarterly zebrafish report fails,The exporter crashes,"${service.name}",first`,
      `T-1,Quarterly zebrafish report fails,,"${service.name}",second`,
      `T-1,Quarterly zebrafish report fails,,"${service.name}",third`,
      `T-2,Second one,,"${service.name}",`,
    ].join('\n');
    const auditsBefore = await count('audit_events');
    const committed = await lead().post(url(), { kind: 'tickets', csv, dryRun: false });
    expect(committed.statusCode, committed.body).toBe(200);
    expect(committed.json()).toMatchObject({ created: 2, comments: 3 });
    const tickets = await query<{
      id: string;
      number: number;
      lane: string | null;
      reason: string;
      responded: boolean;
      found: boolean;
      clocks: number;
    }>(
      `select t.id, t.number, t.lane_party_id as lane, t.routing_reason as reason,
              t.first_response_at is not null as responded,
              t.search @@ plainto_tsquery('english', 'zebrafish exporter') as found,
              (select count(*)::int from sla_clocks c where c.ticket_id = t.id) as clocks
         from tickets t where t.workspace_id = $1 and t.category = 'imported' order by t.number`,
    );
    const byHand = (
      await query<{ number: number; lane: string | null; reason: string }>(
        `select number, lane_party_id as lane, routing_reason as reason from tickets where workspace_id = $1 and subject = 'Typed in by hand'`,
      )
    )[0]!;
    expect(tickets.map((t) => t.number)).toEqual([byHand.number + 1, byHand.number + 2]);
    for (const t of tickets)
      expect({ lane: t.lane, reason: t.reason }).toEqual({ lane: byHand.lane, reason: byHand.reason });
    expect(tickets.map((t) => [t.responded, t.found, t.clocks])).toEqual([
      [true, true, 0],
      [false, false, 0],
    ]);
    const comments = await query<{ body: string }>(
      'select body from ticket_comments where ticket_id = $1 order by created_at',
      [tickets[0]!.id],
    );
    expect(comments.map((c) => c.body)).toEqual(['first', 'second', 'third']);
    // One audit event for the whole import, naming the counts.
    expect(await count('audit_events')).toBe(auditsBefore + 1);
    // The next ticket typed in takes the next number after the imported ones.
    const next = await lead().post(`/api/v1/w/${area.ws.slug}/tickets`, {
      serviceId: service.id,
      subject: 'After',
      description: '',
    });
    expect(next.json().ticket?.number ?? next.json().number).toBe(byHand.number + 3);
    const [event] = await query<{ after: Record<string, unknown> }>(
      `select after from audit_events where workspace_id = $1 and action = 'import.committed' order by id desc limit 1`,
    );
    expect(event!.after).toMatchObject({ kind: 'tickets', created: 2, comments: 3 });
    // Search through the API finds the imported ticket.
    const search = await lead().get(`/api/v1/w/${area.ws.slug}/tickets/search?q=zebrafish`);
    expect(search.statusCode, search.body).toBe(200);
    expect(search.body).toContain('Quarterly zebrafish report fails');
    // The comments of one statement reach their ticket's words (trigger tickets_comment_search), all three.
    for (const word of ['first', 'third']) {
      const byComment = await lead().get(`/api/v1/w/${area.ws.slug}/tickets/search?q=${word}`);
      expect(
        byComment.json().items.map((h: { subject: string }) => h.subject),
        word,
      ).toContain('Quarterly zebrafish report fails');
    }
  });
});
