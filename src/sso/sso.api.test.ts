import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomSecret, sha256 } from '../crypto/secrets.ts';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../test/build-test-app.ts';
import { signedIn } from '../test/client.ts';
import { makeMember, makeWorkspace, type TestWorkspace } from '../test/factories.ts';
import { recordSsoEvent, SSO_EVENTS_KEPT } from './events.ts';
import { type ProviderPerson, startTestIdentityProvider } from './test-identity-provider.ts';

const PROVIDER = 'test-idp';
/** The same issuer again, configured so that signing out of Tandem signs out at the provider too. */
const SIGN_OUT_PROVIDER = 'test-idp-sign-out';
const callbackOf = (provider: string) => `${TEST_PUBLIC_URL}/api/v1/auth/sso/${provider}/callback`;

let t: TestApp;
let idp: Awaited<ReturnType<typeof startTestIdentityProvider>>;
let ws: TestWorkspace;
let requester: { email: string; accountId: string };

const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  t.database.unsafeOwnerQuery<T>(text, params);
const count = async (table: string) =>
  (await q<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
const person = (over: Partial<ProviderPerson>): ProviderPerson => ({
  sub: `sub-${Math.random().toString(36).slice(2)}`,
  email: requester.email,
  emailVerified: true,
  amr: ['pwd'],
  ...over,
});

type Tamper = { authorization?: (url: URL) => void; callback?: (url: URL) => void; dropFlowCookie?: boolean };

/** The whole browser round trip: start here, sign in at the provider, come back to the callback. */
async function signInWith(who: ProviderPerson, tamper: Tamper = {}, provider = PROVIDER) {
  const start = await t.app.inject({
    method: 'GET',
    url: `/api/v1/auth/sso/${provider}/start?returnTo=/w/${ws.slug}`,
  });
  expect(start.statusCode, start.body).toBe(302);
  const authorization = new URL(start.headers.location as string);
  expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorization.searchParams.get('state')).toBeTruthy();
  expect(authorization.searchParams.get('nonce')).toBeTruthy();
  tamper.authorization?.(authorization);
  const flow = start.cookies.find((c) => c.name === 'tandem_sso')!;
  const back = await idp.authorize(authorization.href, who);
  tamper.callback?.(back);
  const callback = await t.app.inject({
    method: 'GET',
    url: `${back.pathname}${back.search}`,
    cookies: tamper.dropFlowCookie ? {} : { tandem_sso: flow.value },
  });
  expect(callback.statusCode, callback.body).toBe(302);
  const session = callback.cookies.find((c) => c.name === 'tandem_session')?.value;
  return { location: callback.headers.location as string, session };
}
const me = (session: string) =>
  t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { tandem_session: session } });
const refusal = (location: string) => new URL(location, TEST_PUBLIC_URL).searchParams;

beforeAll(async () => {
  idp = await startTestIdentityProvider(
    [callbackOf(PROVIDER), callbackOf(SIGN_OUT_PROVIDER)],
    [`${TEST_PUBLIC_URL}/login`],
  );
  t = await buildTestApp({
    oidcProviders: [
      {
        id: PROVIDER,
        name: 'Example ID',
        issuer: idp.issuer,
        clientId: 'tandem',
        clientSecret: 'tandem-test-secret',
      },
      {
        id: SIGN_OUT_PROVIDER,
        name: 'Example ID (signs out there too)',
        issuer: idp.issuer,
        clientId: 'tandem',
        clientSecret: 'tandem-test-secret',
        signOutAtProvider: true,
      },
      // Nothing listens on port 1: its discovery document never answers.
      { id: 'down-idp', name: 'Down ID', issuer: 'http://127.0.0.1:1', clientId: 'tandem' },
    ],
  });
  ws = await makeWorkspace(t.database.db, 'Acme');
  requester = await makeMember(t.database.db, ws, { party: null, role: 'requester' });
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

describe('single sign-on with OpenID Connect', () => {
  it('lists the configured providers for the sign-in page', async () => {
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/auth/sso/providers' });
    expect(listed.json()).toEqual({
      providers: [
        { id: PROVIDER, name: 'Example ID', startUrl: `/api/v1/auth/sso/${PROVIDER}/start` },
        {
          id: SIGN_OUT_PROVIDER,
          name: 'Example ID (signs out there too)',
          startUrl: `/api/v1/auth/sso/${SIGN_OUT_PROVIDER}/start`,
        },
        { id: 'down-idp', name: 'Down ID', startUrl: '/api/v1/auth/sso/down-idp/start' },
      ],
    });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/sso/nobody/start' })).statusCode).toBe(
      404,
    );
  });

  it('signs an invited member in by verified e-mail, links the identity, and uses the link next time', async () => {
    const who = person({});
    const first = await signInWith(who);
    expect(first.location).toBe(`/w/${ws.slug}`);
    const shown = await me(first.session!);
    expect(shown.statusCode).toBe(200);
    expect(shown.json().account.email).toBe(requester.email);
    expect(shown.json().session.mfaState).toBe('not_required');
    const linked = await q<{ account_id: string }>(
      'select account_id from oidc_identities where subject = $1',
      [who.sub],
    );
    expect(linked).toEqual([{ account_id: requester.accountId }]);
    const audit = await q('select 1 from audit_events where action = $1 and actor_account_id = $2', [
      'account.identity_linked',
      requester.accountId,
    ]);
    expect(audit).toHaveLength(1);
    // The link, not the e-mail, decides from now on (the address changed at the provider).
    const again = await signInWith({ ...who, email: 'renamed@elsewhere.test' });
    expect((await me(again.session!)).json().account.id).toBe(requester.accountId);
  });

  it('refuses an identity nobody invited, and an unverified e-mail, writing nothing', async () => {
    const sessions = await count('sessions');
    const identities = await count('oidc_identities');
    const stranger = await signInWith(person({ email: 'stranger@example.test' }));
    expect(stranger.session).toBeUndefined();
    expect(refusal(stranger.location).get('sso_error')).toBe('SSO_NOT_INVITED');
    expect(refusal(stranger.location).get('sso_message')).toMatch(/ask a lead to invite/);
    const unverified = await signInWith(person({ emailVerified: false }));
    expect(refusal(unverified.location).get('sso_error')).toBe('SSO_EMAIL_NOT_VERIFIED');
    expect(await count('sessions')).toBe(sessions);
    expect(await count('oidc_identities')).toBe(identities);
  });

  // The rule: an invitation is an offer, not a membership. Until its one-time link is accepted (which
  // creates the account and the membership), the invited address is refused like a stranger's, with
  // a message saying to accept the link first; the pending invitation is left as it is.
  it('refuses an invited address whose invitation is not yet accepted, and signs it in once accepted', async () => {
    // Invited as the members area does it (a pending row holding the link's digest), without
    // signing the lead in here: later tests check the lead's own first sign-in.
    const token = randomSecret();
    await q(
      `insert into invitations (workspace_id, email, party_id, role, token_hash, invited_by_membership_id, expires_at)
       values ($1, 'pending.person@acme.test', null, 'requester', $2, $3, now() + interval '7 days')`,
      [ws.id, sha256(token), ws.lead.membershipId],
    );
    const before = {
      sessions: await count('sessions'),
      identities: await count('oidc_identities'),
      accounts: await count('accounts'),
    };
    const who = person({ email: 'Pending.Person@acme.test' });
    const pending = await signInWith(who);
    expect(pending.session).toBeUndefined();
    expect(refusal(pending.location).get('sso_error')).toBe('SSO_NOT_INVITED');
    expect(refusal(pending.location).get('sso_message')).toMatch(/accept the invitation link/);
    // Recorded for the inviting workspace, whose lead sees it on the single sign-on page.
    const recorded = await q<{ code: string; workspace_ids: string[] }>(
      `select code, workspace_ids from sso_sign_in_events where email = 'pending.person@acme.test'`,
    );
    expect(recorded).toEqual([{ code: 'SSO_NOT_INVITED', workspace_ids: [ws.id] }]);
    expect({
      sessions: await count('sessions'),
      identities: await count('oidc_identities'),
      accounts: await count('accounts'),
    }).toEqual(before);
    const [still] = await q<{ accepted: boolean; revoked: boolean }>(
      `select accepted_at is not null as accepted, revoked_at is not null as revoked
         from invitations where email = 'pending.person@acme.test'`,
    );
    expect(still).toEqual({ accepted: false, revoked: false });

    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      payload: { name: 'Pending Person', password: 'a long enough password 123' },
    });
    expect(accepted.statusCode, accepted.body).toBeLessThan(300);
    const now = await signInWith(who);
    expect(now.session).toBeTruthy();
    expect((await me(now.session!)).json().account.email).toBe('pending.person@acme.test');
  });

  it('refuses a wrong state, a wrong nonce and a callback without its flow', async () => {
    const sessions = await count('sessions');
    const wrongState = await signInWith(person({}), {
      callback: (url) => url.searchParams.set('state', 'forged'),
    });
    expect(refusal(wrongState.location).get('sso_error')).toBe('SSO_RESPONSE_REFUSED');
    expect(refusal(wrongState.location).get('sso_message')).toMatch(/state/);
    const wrongNonce = await signInWith(person({}), {
      authorization: (url) => url.searchParams.set('nonce', 'not-the-one-we-sent'),
    });
    expect(refusal(wrongNonce.location).get('sso_error')).toBe('SSO_RESPONSE_REFUSED');
    expect(refusal(wrongNonce.location).get('sso_message')).toMatch(/nonce/);
    const noFlow = await signInWith(person({}), { dropFlowCookie: true });
    expect(refusal(noFlow.location).get('sso_error')).toBe('SSO_FLOW_MISSING');
    expect(await count('sessions')).toBe(sessions);
  });

  it('asks a lead for TOTP as today unless the provider asserts multi-factor (amr)', async () => {
    const single = await signInWith(person({ email: ws.lead.email, amr: ['pwd'] }));
    expect((await me(single.session!)).json().session.mfaState).toBe('enrolment_required');
    const workspace = await t.app.inject({
      method: 'GET',
      url: `/api/v1/w/${ws.slug}/tickets`,
      cookies: { tandem_session: single.session! },
    });
    expect(workspace.statusCode).toBe(401);
    const multi = await signInWith(person({ email: ws.lead.email, amr: ['pwd', 'mfa'] }));
    expect((await me(multi.session!)).json().session.mfaState).toBe('verified');
    const allowed = await t.app.inject({
      method: 'GET',
      url: `/api/v1/w/${ws.slug}/tickets`,
      cookies: { tandem_session: multi.session! },
    });
    expect(allowed.statusCode).toBe(200);
  });

  it('lets people of a domain the internal lead opened join as requesters, and nobody else', async () => {
    const lead = await signedIn(t.app, ws.lead.email);
    const agent = await signedIn(
      t.app,
      (await makeMember(t.database.db, ws, { party: 'provider', role: 'lead' })).email,
    );
    const base = `/api/v1/w/${ws.slug}/sso-domains`;
    expect((await agent.post(base, { domain: 'acme.example' })).statusCode).toBe(403);
    const bad = await lead.post(base, { domain: 'not a domain' });
    expect(bad.statusCode).toBe(400);
    const before = await count('accounts');
    // Before any rule, the stranger of acme.example is refused.
    const early = await signInWith(person({ email: 'newcomer@acme.example' }));
    expect(refusal(early.location).get('sso_error')).toBe('SSO_NOT_INVITED');
    const added = await lead.post(base, { domain: 'Acme.Example' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().rule.domain).toBe('acme.example');
    expect((await lead.post(base, { domain: 'acme.example' })).statusCode).toBe(409);
    const joined = await signInWith(person({ email: 'newcomer@acme.example' }));
    expect(joined.location).toBe(`/w/${ws.slug}`);
    const shown = (await me(joined.session!)).json();
    expect(shown.memberships).toEqual([expect.objectContaining({ role: 'requester', party: null })]);
    expect(await count('accounts')).toBe(before + 1);
    const joinedAudit = await q('select 1 from audit_events where workspace_id = $1 and action = $2', [
      ws.id,
      'member.joined_by_domain',
    ]);
    expect(joinedAudit).toHaveLength(1);
    // Another domain still joins nothing; removing the rule closes it again.
    const other = await signInWith(person({ email: 'someone@other.example' }));
    expect(refusal(other.location).get('sso_error')).toBe('SSO_NOT_INVITED');
    const rules = (await lead.get(base)).json();
    expect(rules.items.map((r: { domain: string }) => r.domain)).toEqual(['acme.example']);
    expect((await lead.delete(`${base}/${rules.items[0].id}`)).statusCode).toBe(204);
    const closed = await signInWith(person({ email: 'late@acme.example' }));
    expect(refusal(closed.location).get('sso_error')).toBe('SSO_NOT_INVITED');
    expect(await count('accounts')).toBe(before + 1);
  });

  const signOut = async (session: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { tandem_session: session },
      headers: { 'x-csrf-token': (await me(session)).json().csrfToken },
    });

  it('signs out: the session ends, and the provider is left alone unless configured otherwise', async () => {
    const { session } = await signInWith(person({}));
    const out = await signOut(session!);
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ providerSignOutUrl: null });
    expect((await me(session!)).statusCode).toBe(401);
  });

  it("signs out at the provider too where configured: its end-session URL, with this sign-in's ID token", async () => {
    const who = person({});
    const { session } = await signInWith(who, {}, SIGN_OUT_PROVIDER);
    // Kept sealed, and not read with the session on every request.
    const [stored] = await q<{ provider_sign_out_enc: string }>(
      'select provider_sign_out_enc from sessions where token_hash = $1',
      [sha256(session!)],
    );
    expect(stored!.provider_sign_out_enc).not.toContain('id_token_hint');
    const out = await signOut(session!);
    expect(out.statusCode).toBe(200);
    const url = new URL(out.json().providerSignOutUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${TEST_PUBLIC_URL}/login`);
    expect(url.searchParams.get('client_id')).toBe('tandem');
    const payload = JSON.parse(
      Buffer.from(url.searchParams.get('id_token_hint')!.split('.')[1]!, 'base64url').toString(),
    );
    expect(payload).toMatchObject({ sub: who.sub, iss: idp.issuer, aud: 'tandem' });
    expect((await me(session!)).statusCode).toBe(401);
    const [ended] = await q<{ provider_sign_out_enc: string | null }>(
      'select provider_sign_out_enc from sessions where token_hash = $1',
      [sha256(session!)],
    );
    expect(ended!.provider_sign_out_enc).toBeNull();
    // The provider accepts the hint and the return address: its sign-out form, then back to Tandem.
    const atProvider = await fetch(url);
    expect(atProvider.status).toBe(200);
    const form = await atProvider.text();
    const action = form.match(/<form method="post" action="([^"]+)"/)?.[1];
    const xsrf = form.match(/name="xsrf" value="([^"]+)"/)?.[1];
    expect(action, form).toBe(`${idp.issuer}/session/end/confirm`);
    const confirmed = await fetch(action!, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: atProvider.headers
          .getSetCookie()
          .map((line) => line.split(';')[0])
          .join('; '),
      },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }).toString(),
    });
    expect(confirmed.headers.get('location')).toBe(`${TEST_PUBLIC_URL}/login`);
    // A password sign-in of the same account has nothing to end elsewhere.
    const password = await signedIn(t.app, requester.email);
    expect((await password.post('/api/v1/auth/logout')).json()).toEqual({ providerSignOutUrl: null });
  });

  it('records sign-ins and refusals with their reasons, for the internal lead and an instance administrator', async () => {
    const who = person({});
    expect((await signInWith(who)).session).toBeTruthy(); // first time: the identity is linked
    expect((await signInWith(who)).session).toBeTruthy(); // then: signed in by the link
    const stranger = await signInWith(person({ email: 'events.stranger@example.test' }));
    expect(refusal(stranger.location).get('sso_error')).toBe('SSO_NOT_INVITED');
    const down = await t.app.inject({ method: 'GET', url: '/api/v1/auth/sso/down-idp/start' });
    expect(down.statusCode).toBe(302);
    expect(refusal(down.headers.location as string).get('sso_error')).toBe('SSO_PROVIDER_UNAVAILABLE');

    // The workspace's internal lead who is not an instance administrator: this workspace's events only.
    const plainLead = await makeMember(t.database.db, ws, { party: 'internal', role: 'lead' });
    const lead = await signedIn(t.app, plainLead.email);
    const shown = await lead.get(`/api/v1/w/${ws.slug}/sso`);
    expect(shown.statusCode, shown.body).toBe(200);
    const body = shown.json();
    expect(body.instanceWide).toBe(false);
    expect(body.eventsKept).toBe(SSO_EVENTS_KEPT);
    const [example, signingOut, downed] = body.providers;
    expect(signingOut).toMatchObject({ id: SIGN_OUT_PROVIDER, signOutAtProvider: true });
    expect(example).toMatchObject({
      id: PROVIDER,
      issuer: idp.issuer,
      signOutAtProvider: false,
      status: 'answered',
      lastError: null,
      clientSecret: { configured: true, variable: 'TANDEM_OIDC_PROVIDERS' },
    });
    expect(example.clientSecret.rotation).toMatch(/TANDEM_OIDC_PROVIDERS.*restart/);
    expect(JSON.stringify(body)).not.toContain('tandem-test-secret');
    expect(downed).toMatchObject({
      id: 'down-idp',
      status: 'unreachable',
      clientSecret: { configured: false },
    });
    expect(downed.lastError).toMatch(/did not answer/);
    expect(body.events.slice(0, 2)).toEqual([
      expect.objectContaining({
        provider: PROVIDER,
        outcome: 'signed_in',
        code: null,
        email: requester.email,
      }),
      expect.objectContaining({ provider: PROVIDER, outcome: 'linked', code: null, email: requester.email }),
    ]);
    const emails = body.events.map((e: { email: string | null }) => e.email);
    expect(emails).not.toContain('events.stranger@example.test');
    // The refusal of someone this workspace invited (not yet accepted) is this workspace's.
    const invitee = body.events.find(
      (e: { email: string | null; outcome: string }) =>
        e.email === 'pending.person@acme.test' && e.outcome === 'refused',
    );
    expect(invitee).toMatchObject({ code: 'SSO_NOT_INVITED' });
    expect(invitee.reason).toMatch(/accept the invitation link/);

    // An instance administrator who is a member sees the events no workspace is known for, with reasons.
    const operator = await makeMember(t.database.db, ws, { party: 'provider', role: 'viewer' });
    await q('update accounts set is_admin = true where id = $1', [operator.accountId]);
    const admin = await signedIn(t.app, operator.email);
    const all = (await admin.get(`/api/v1/w/${ws.slug}/sso`)).json();
    expect(all.instanceWide).toBe(true);
    expect(all.events[0]).toMatchObject({
      provider: 'down-idp',
      outcome: 'refused',
      code: 'SSO_PROVIDER_UNAVAILABLE',
    });
    const refused = all.events.find(
      (e: { email: string | null }) => e.email === 'events.stranger@example.test',
    );
    expect(refused).toMatchObject({ outcome: 'refused', code: 'SSO_NOT_INVITED' });
    expect(refused.reason).toMatch(/ask a lead to invite/);
    const forged = all.events.find((e: { code: string | null }) => e.code === 'SSO_RESPONSE_REFUSED');
    expect(forged.reason).toMatch(/state|nonce/);

    // Nobody else: an agent is refused, another workspace's lead learns nothing of this one.
    const agent = await signedIn(
      t.app,
      (await makeMember(t.database.db, ws, { party: 'provider', role: 'agent' })).email,
    );
    const forbidden = await agent.get(`/api/v1/w/${ws.slug}/sso`);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('SSO_RIGHT_REQUIRED');
    const other = await makeWorkspace(t.database.db, 'Other');
    const otherLead = await signedIn(
      t.app,
      (await makeMember(t.database.db, other, { party: 'internal', role: 'lead' })).email,
    );
    expect((await otherLead.get(`/api/v1/w/${ws.slug}/sso`)).statusCode).toBe(404);
    const theirs = await otherLead.get(`/api/v1/w/${other.slug}/sso`);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().events).toEqual([]);
  });

  it('keeps only the newest events of each provider', async () => {
    await q(
      `insert into sso_sign_in_events (provider, at, outcome, code)
       select 'prune-idp', now() - (g || ' minutes')::interval, 'refused', 'OLD-' || g
         from generate_series(1, $1::int) g`,
      [SSO_EVENTS_KEPT + 20],
    );
    await recordSsoEvent(t.database.db, { provider: 'prune-idp', outcome: 'refused', code: 'NEWEST' });
    const kept = await q<{ code: string }>(
      `select code from sso_sign_in_events where provider = 'prune-idp' order by at desc`,
    );
    expect(kept).toHaveLength(SSO_EVENTS_KEPT);
    expect(kept[0]!.code).toBe('NEWEST');
    expect(kept.at(-1)!.code).toBe(`OLD-${SSO_EVENTS_KEPT - 1}`);
    expect(
      await count('sso_sign_in_events where provider <> $1'.replace('$1', "'prune-idp'")),
    ).toBeGreaterThan(0);
  });
});
