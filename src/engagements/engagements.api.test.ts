import { describe, expect, it } from 'vitest';
import { CLAUSE_KINDS } from '../domain/engagements.ts';
import { rowCounts } from '../test/cast.ts';
import { TestClient as Client, errorOf, type TestClient } from '../test/client.ts';
import { castForFile, testAppForFile } from '../test/file-setup.ts';

const t = testAppForFile();
const { ws, other, c, ids } = castForFile(t);

const base = () => `/api/v1/w/${ws.slug}/engagements`;
const { count: rows, audits } = rowCounts(() => ({ database: t.database, ws }));
const everyClause = () =>
  CLAUSE_KINDS.map((kind) => ({
    kind,
    text: `The ${kind} clause.`,
    ...(kind === 'subcontractors' && {
      subcontractors: [{ name: 'Backup Co', reach: 'the backup vault only' }],
    }),
    ...(kind === 'offboarding' && {
      noticeDays: 90,
      deliverables: ['Runbooks', 'Admin credentials handed back'],
    }),
    ...(kind === 'incident_roles' && {
      incidentRoles: [
        { role: 'commander', partyId: ws.internalPartyId, person: 'Alice' },
        { role: 'vendor_contact', partyId: ws.providerPartyId, person: 'Nora' },
      ],
    }),
  }));
const body = (over: Record<string, unknown> = {}) => ({
  providerPartyId: ws.providerPartyId,
  startsOn: '2026-01-01',
  purposes: ['capacity', 'coverage'],
  intent: 'Out-of-hours cover and capacity for the small internal team.',
  ownerMembershipId: ws.lead.membershipId,
  reviewCadence: 'monthly',
  clauses: everyClause(),
  ...over,
});
const put = (client: TestClient, url: string, payload: unknown) =>
  client.request('PUT', url, payload as never);

describe('the engagement record', () => {
  it('refuses without a session (401)', async () => {
    const anon = new Client(t.app);
    expect((await anon.get(base())).statusCode).toBe(401);
    expect((await anon.post(base(), body())).statusCode).toBe(401);
  });

  it('refuses bad input naming the field, writing nothing (a provider as relationship owner among them)', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ownerMembershipId: ids.providerLead }, 'body.ownerMembershipId'],
      [{ ownerMembershipId: other.lead.membershipId }, 'body.ownerMembershipId'],
      [{ ownerMembershipId: undefined }, 'ownerMembershipId'],
      [{ purposes: [] }, 'purposes'],
      [{ purposes: ['profit'] }, 'purposes'],
      [{ intent: '' }, 'intent'],
      [{ reviewCadence: 'yearly' }, 'reviewCadence'],
      [{ startsOn: 'soon' }, 'startsOn'],
      [{ providerPartyId: ws.internalPartyId }, 'body.providerPartyId'],
      [{ providerPartyId: other.providerPartyId }, 'body.providerPartyId'],
      [{ clauses: [{ kind: 'scope', text: '' }] }, 'clauses'],
      [
        {
          clauses: [
            { kind: 'scope', text: 'a' },
            { kind: 'scope', text: 'b' },
          ],
        },
        'body.clauses.1.kind',
      ],
      [{ clauses: [{ kind: 'scope', text: 'a', noticeDays: 3 }] }, 'body.clauses.0.noticeDays'],
      [
        { clauses: [{ kind: 'security_obligations', text: 'a', obligationIds: [other.id] }] },
        'body.clauses.0.obligationIds',
      ],
    ];
    for (const [over, field] of cases) {
      const res = await c.lead.post(base(), body(over));
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(JSON.stringify(errorOf(res)), JSON.stringify(over)).toContain(field);
    }
    const provider = await c.lead.post(base(), body({ ownerMembershipId: ids.providerLead }));
    expect(errorOf(provider).message + JSON.stringify(errorOf(provider).details)).toContain('internal party');
    expect(await rows('engagements')).toBe(0);
    expect(await rows('engagement_versions')).toBe(0);
  });

  it('lets only the internal lead record it (403 for everyone else, 404 for another workspace)', async () => {
    for (const who of ['agent', 'viewer', 'providerLead', 'engineer', 'requester'] as const) {
      const res = await c[who].post(base(), body());
      expect(res.statusCode, who).toBe(403);
      expect(errorOf(res).code).toBe('ENGAGEMENT_RIGHT_REQUIRED');
    }
    expect((await c.otherLead.post(base(), body())).statusCode).toBe(404);
    expect(await rows('engagements')).toBe(0);
    const created = await c.lead.post(base(), body());
    expect(created.statusCode, created.body).toBe(201);
    const e = created.json().engagement;
    expect(e).toMatchObject({
      provider: { partyId: ws.providerPartyId, name: 'Provider Ltd' },
      currentVersion: 1,
      purposes: ['capacity', 'coverage'],
      owner: { membershipId: ws.lead.membershipId },
      reviewCadence: 'monthly',
      abilities: { edit: true, propose: false, decide: true },
    });
    expect(e.terms.clauses.map((x: { kind: string }) => x.kind)).toEqual([...CLAUSE_KINDS]);
    expect(e.terms.missingClauses).toEqual([]);
    const scope = e.terms.clauses.find((x: { kind: string }) => x.kind === 'scope');
    expect(scope.enforcedBy[0]).toMatchObject({ path: '/responsibility' });
    expect(scope.enforcedBy[0].label).toContain('Responsibility annex');
    const reporting = e.terms.clauses.find((x: { kind: string }) => x.kind === 'reporting');
    expect(reporting.enforcedBy[0].label).toBe('Service review, monthly');
    expect((await c.lead.post(base(), body())).statusCode).toBe(409);
    expect(await audits('engagement.created')).toBe(1);
    for (const who of ['agent', 'viewer', 'providerLead', 'engineer'] as const) {
      const list = await c[who].get(base());
      expect(list.statusCode, who).toBe(200);
      expect(list.json().engagements).toHaveLength(1);
    }
    expect((await c.requester.get(base())).statusCode).toBe(403);
    expect((await c.otherLead.get(`${base()}/${e.id}`)).statusCode).toBe(404);
    const otherList = await c.otherLead.get(`/api/v1/w/${other.slug}/engagements`);
    expect(otherList.json().engagements).toHaveLength(0);
  });

  it('versions edits: the internal lead edits directly; a provider proposes; the internal lead approves or rejects', async () => {
    const [e] = (await c.lead.get(base())).json().engagements;
    const url = `${base()}/${e.id}`;
    const terms = (over: Record<string, unknown> = {}) => {
      const { providerPartyId: _p, startsOn: _s, ...rest } = body(over);
      return { baseVersion: 1, ...rest };
    };
    // Direct edits are the internal lead's only.
    for (const who of ['agent', 'providerLead', 'engineer', 'viewer'] as const)
      expect((await put(c[who], `${url}/terms`, terms())).statusCode, who).toBe(403);
    const edited = await put(c.lead, `${url}/terms`, terms({ reviewCadence: 'fortnightly' }));
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().engagement).toMatchObject({ currentVersion: 2, reviewCadence: 'fortnightly' });
    expect(edited.json().engagement.versions[0].summary).toContain('review cadence');
    expect((await put(c.lead, `${url}/terms`, terms())).statusCode).toBe(409); // stale base version
    expect(
      (await put(c.lead, `${url}/terms`, terms({ baseVersion: 2, ownerMembershipId: ids.providerLead })))
        .statusCode,
    ).toBe(400);

    // The provider proposes; internal staff and viewers may not.
    const clauses = everyClause().map((x) =>
      x.kind === 'scope' ? { ...x, text: 'Scope as Nora wrote it.' } : x,
    );
    for (const who of ['agent', 'viewer', 'lead'] as const)
      expect(
        (await c[who].post(`${url}/proposals`, terms({ baseVersion: 2, clauses }))).statusCode,
        who,
      ).toBe(403);
    const proposed = await c.providerLead.post(`${url}/proposals`, terms({ baseVersion: 2, clauses }));
    expect(proposed.statusCode, proposed.body).toBe(201);
    const proposal = proposed.json().proposal;
    expect(proposal).toMatchObject({
      status: 'open',
      baseVersion: 2,
      proposedBy: { membershipId: ids.providerLead },
    });
    expect(proposal.summary).toContain('Scope');
    expect((await c.lead.get(url)).json().engagement).toMatchObject({ currentVersion: 2, openProposals: 1 });

    for (const who of ['agent', 'providerLead', 'engineer'] as const)
      expect((await c[who].post(`${url}/proposals/${proposal.id}/approve`, {})).statusCode, who).toBe(403);
    expect((await c.otherLead.post(`${url}/proposals/${proposal.id}/approve`, {})).statusCode).toBe(404);
    const approved = await c.lead.post(`${url}/proposals/${proposal.id}/approve`, { note: 'Agreed' });
    expect(approved.statusCode, approved.body).toBe(200);
    const after = approved.json().engagement;
    expect(after.currentVersion).toBe(3);
    expect(after.terms.clauses.find((x: { kind: string }) => x.kind === 'scope').text).toBe(
      'Scope as Nora wrote it.',
    );
    expect(after.versions[0]).toMatchObject({ number: 3, fromProposal: true });
    expect((await c.lead.post(`${url}/proposals/${proposal.id}/reject`, { note: 'x' })).statusCode).toBe(409);

    // A proposal based on an old version cannot be approved; it can be rejected.
    const stale = (
      await c.engineer.post(`${url}/proposals`, terms({ baseVersion: 3, intent: 'More.' }))
    ).json().proposal;
    await put(c.lead, `${url}/terms`, terms({ baseVersion: 3, intent: 'Changed meanwhile.', clauses }));
    expect((await c.lead.post(`${url}/proposals/${stale.id}/approve`, {})).statusCode).toBe(409);
    expect(
      (await c.lead.post(`${url}/proposals/${stale.id}/reject`, { note: 'Superseded' })).statusCode,
    ).toBe(200);

    const v1 = await c.viewer.get(`${url}/versions/1`);
    expect(v1.statusCode).toBe(200);
    expect(v1.json().version.terms.reviewCadence).toBe('monthly');
    expect((await c.viewer.get(`${url}/versions/99`)).statusCode).toBe(404);
    expect(await audits('engagement.terms_changed')).toBe(2);
    expect(await audits('engagement.proposal_created')).toBe(2);
    expect(await audits('engagement.proposal_approved')).toBe(1);
    expect(await audits('engagement.proposal_rejected')).toBe(1);
    expect(await rows('engagement_versions')).toBe(4);
    expect(ids.agent).toBeTruthy();
  });

  it('exports the contract annex with the responsibility map (Markdown, HTML, CSV)', async () => {
    const [e] = (await c.viewer.get(base())).json().engagements;
    const md = await c.engineer.get(`${base()}/${e.id}/annex/md`);
    expect(md.statusCode).toBe(200);
    expect(md.headers['content-type']).toContain('text/markdown');
    expect(md.body).toContain('# Contract annex: Provider Ltd for Acme');
    expect(md.body).toContain('Scope as Nora wrote it.');
    expect(md.body).toContain('Division of responsibilities');
    expect(md.body).toContain('Notice: 90 days');
    const html = await c.viewer.get(`${base()}/${e.id}/annex/html`);
    expect(html.body).toContain('<h3>Ownership of documentation</h3>');
    expect(html.body).toContain('<table>');
    const csv = await c.viewer.get(`${base()}/${e.id}/annex/csv`);
    expect(csv.body.split('\r\n')[0]).toBe('Section,Clause,Text,Details,Enforced in Tandem by');
    expect(csv.body).toContain('Scope as Nora wrote it.');
    expect((await c.viewer.get(`${base()}/${e.id}/annex/pdf`)).statusCode).toBe(400);
    expect((await c.requester.get(`${base()}/${e.id}/annex/md`)).statusCode).toBe(403);
  });
});
