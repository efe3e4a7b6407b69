import { and, eq } from 'drizzle-orm';
import * as oidc from 'openid-client';
import { listMembershipsForMfa, normaliseEmail } from '../accounts/queries.ts';
import { createSession } from '../accounts/sessions.ts';
import { recordAudit } from '../audit/record.ts';
import type { OidcProviderConfig } from '../config.ts';
import { decryptSecret, encryptSecret } from '../crypto/secrets.ts';
import type { Database } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import { oidcIdentities } from '../db/schema/sso.ts';
import { withScopedTx } from '../db/tenant.ts';
import { assertsMultiFactor, safeReturnPath } from '../domain/sso.ts';
import type { RequestMeta } from '../server/context.ts';
import { AppError } from '../server/errors.ts';
import type { OidcClients } from './clients.ts';
import { joinByDomain, pendingInvitationWorkspaces, workspacesForDomain } from './domain-rules.ts';
import { PROVIDER_UNAVAILABLE, recordSsoEvent, type SsoOutcome, workspaceIdsOf } from './events.ts';

/** How long a person has at the provider before the sign-in attempt expires. */
const FLOW_TTL_MS = 10 * 60 * 1000;

/** What the browser carries between the start and the callback (sealed with the server key). */
type Flow = {
  provider: string;
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  expires: number;
};

export class SsoRefused extends AppError {
  /** The workspaces the refusal concerns, when known (recorded with the event for their leads). */
  workspaceIds: string[] = [];
  constructor(code: string, message: string) {
    super(401, code, message);
  }
}

/** The provider's discovery document; not answering is a refusal the page records, not a 500. */
async function discover(clients: OidcClients, provider: OidcProviderConfig) {
  try {
    return await clients.configuration(provider);
  } catch (error) {
    throw new SsoRefused(
      PROVIDER_UNAVAILABLE,
      `${provider.name} did not answer (its discovery document at ${provider.issuer}): ${reasonOf(error)}`,
    );
  }
}

/** The start of a sign-in, recording a refusal (the provider did not answer) as an event. */
export async function startSignIn(
  db: Database,
  clients: OidcClients,
  key: Buffer,
  provider: OidcProviderConfig,
  redirectUri: string,
  returnTo: unknown,
) {
  try {
    return await buildStart(clients, key, provider, redirectUri, returnTo);
  } catch (error) {
    await recordIfRefused(db, provider, error, null);
    throw error;
  }
}

/** A refusal becomes an event of its own (after the sign-in's transaction, if any, rolled back). */
async function recordIfRefused(
  db: Database,
  provider: OidcProviderConfig,
  error: unknown,
  email: string | null,
) {
  if (!(error instanceof SsoRefused)) return;
  await recordSsoEvent(db, {
    provider: provider.id,
    outcome: 'refused',
    code: error.code,
    reason: error.message,
    email,
    workspaceIds: error.workspaceIds,
  });
}

/** The authorization URL (code flow, PKCE S256, state and nonce) and the sealed flow to keep. */
async function buildStart(
  clients: OidcClients,
  key: Buffer,
  provider: OidcProviderConfig,
  redirectUri: string,
  returnTo: unknown,
) {
  const config = await discover(clients, provider);
  const verifier = oidc.randomPKCECodeVerifier();
  const flow: Flow = {
    provider: provider.id,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier,
    returnTo: safeReturnPath(returnTo),
    expires: Date.now() + FLOW_TTL_MS,
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
  return { url: url.href, sealedFlow: encryptSecret(key, JSON.stringify(flow)) };
}

/** openid-client wraps the precise check that failed (state, nonce, PKCE…) as the cause. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause ? `${error.message} (${cause})` : error.message;
}

function openFlow(key: Buffer, sealed: string | undefined, providerId: string): Flow {
  let flow: Flow | null = null;
  try {
    flow = sealed ? (JSON.parse(decryptSecret(key, sealed)) as Flow) : null;
  } catch {
    flow = null;
  }
  if (!flow || flow.provider !== providerId || flow.expires < Date.now())
    throw new SsoRefused(
      'SSO_FLOW_MISSING',
      'This sign-in was not started here, or took longer than 10 minutes; start again.',
    );
  return flow;
}

/** The callback the provider answered on (with its query), and where its sign-out sends the browser back to. */
export type SignInUrls = { callback: URL; afterSignOut: string };

/**
 * The provider's end-session URL for this sign-in, sealed, when the provider's session is to end with
 * Tandem's and the provider publishes where (RP-initiated logout); null otherwise.
 */
function providerSignOut(
  config: oidc.Configuration,
  provider: OidcProviderConfig,
  idToken: string | undefined,
  key: Buffer,
  afterSignOut: string,
): string | null {
  if (!provider.signOutAtProvider || !idToken || !config.serverMetadata().end_session_endpoint) return null;
  const url = oidc.buildEndSessionUrl(config, {
    id_token_hint: idToken,
    post_logout_redirect_uri: afterSignOut,
  });
  return encryptSecret(key, url.href);
}

/**
 * The provider's answer: the code is exchanged (PKCE verifier), the state and the ID token's nonce
 * checked, then the identity is found or linked. Security: an identity links only to an existing,
 * active account with at least one active membership (an invited member) whose e-mail the provider
 * says it verified; anyone else is refused and nothing is written. An invitation not yet accepted is
 * not a membership: its address is refused (SSO_NOT_INVITED, saying to accept the link first) until
 * the one-time link creates the account and membership; the pending invitation is left untouched.
 */
export async function finishSignIn(
  db: Database,
  clients: OidcClients,
  key: Buffer,
  meta: RequestMeta,
  provider: OidcProviderConfig,
  urls: SignInUrls,
  sealedFlow: string | undefined,
) {
  // Every outcome is recorded (src/sso/events.ts); a refusal after its transaction rolled back.
  const seen: { email: string | null } = { email: null };
  try {
    const done = await completeSignIn(db, clients, key, meta, provider, urls, sealedFlow, seen);
    await recordSsoEvent(db, {
      provider: provider.id,
      outcome: done.outcome,
      email: seen.email,
      workspaceIds: await workspaceIdsOf(db, done.accountId),
    });
    return done;
  } catch (error) {
    await recordIfRefused(db, provider, error, seen.email);
    throw error;
  }
}

async function completeSignIn(
  db: Database,
  clients: OidcClients,
  key: Buffer,
  meta: RequestMeta,
  provider: OidcProviderConfig,
  urls: SignInUrls,
  sealedFlow: string | undefined,
  seen: { email: string | null },
) {
  const flow = openFlow(key, sealedFlow, provider.id);
  const config = await discover(clients, provider);
  let claims: oidc.IDToken | undefined;
  let idToken: string | undefined;
  let profile: { email?: unknown; email_verified?: unknown; name?: unknown } = {};
  try {
    const tokens = await oidc.authorizationCodeGrant(config, urls.callback, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
    idToken = tokens.id_token;
    profile = (claims ?? {}) as typeof profile;
    // Many providers put the e-mail in the UserInfo answer only.
    if (claims && typeof claims.email !== 'string')
      profile = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  } catch (error) {
    throw new SsoRefused(
      'SSO_RESPONSE_REFUSED',
      `The identity provider's answer was refused: ${reasonOf(error)}`,
    );
  }
  if (!claims) throw new SsoRefused('SSO_RESPONSE_REFUSED', 'The identity provider sent no ID token.');
  const subject = claims.sub;
  const email = typeof profile.email === 'string' ? normaliseEmail(profile.email) : null;
  seen.email = email;
  let outcome: SsoOutcome = 'signed_in';
  const mfaByProvider = assertsMultiFactor(claims.amr);

  const account = await withScopedTx(db, { workspaceId: null, accountId: null }, async (tx) => {
    const [linked] = await tx
      .select({ account: accounts })
      .from(oidcIdentities)
      .innerJoin(accounts, eq(accounts.id, oidcIdentities.accountId))
      .where(and(eq(oidcIdentities.provider, provider.id), eq(oidcIdentities.subject, subject)));
    if (linked) {
      await tx
        .update(oidcIdentities)
        .set({ lastUsedAt: new Date() })
        .where(and(eq(oidcIdentities.provider, provider.id), eq(oidcIdentities.subject, subject)));
      return linked.account;
    }
    if (!email || profile.email_verified !== true)
      throw new SsoRefused(
        'SSO_EMAIL_NOT_VERIFIED',
        `${provider.name} did not vouch for an e-mail address, so this identity cannot be matched to a member.`,
      );
    const [found] = await tx.select().from(accounts).where(eq(accounts.email, email));
    const invited = found?.status === 'active' && (await listMembershipsForMfa(tx, found.id)).length > 0;
    let member = invited ? found : undefined;
    if (!member) {
      // Not invited: only a domain a lead opened lets them join (as a requester), and never a disabled account.
      const open = found && found.status !== 'active' ? [] : await workspacesForDomain(tx, email);
      if (open.length === 0) {
        const refused = new SsoRefused(
          'SSO_NOT_INVITED',
          `${email} is not a member of any workspace here: if you were invited, accept the invitation link from the e-mail first; otherwise ask a lead to invite this address first.`,
        );
        // The person sees the same refusal either way; the inviting workspaces' leads see it recorded.
        refused.workspaceIds = await pendingInvitationWorkspaces(tx, email);
        throw refused;
      }
      const name =
        typeof profile.name === 'string' && profile.name.trim() ? profile.name.trim().slice(0, 100) : email;
      member = await joinByDomain(tx, meta, { email, name, existingAccountId: found?.id ?? null }, open);
      outcome = 'joined';
    } else outcome = 'linked';
    const linkedTo = member;
    await tx.insert(oidcIdentities).values({ provider: provider.id, subject, accountId: linkedTo.id, email });
    await recordAudit(tx, meta, {
      workspaceId: null,
      actorAccountId: linkedTo.id,
      actorMembershipId: null,
      action: 'account.identity_linked',
      entityType: 'account',
      entityId: linkedTo.id,
      after: { provider: provider.id, email },
    });
    return linkedTo;
  });
  if (account.status !== 'active')
    throw new SsoRefused('SSO_ACCOUNT_DISABLED', 'This account is disabled; ask an administrator.');
  const signedIn = await createSession(db, meta, account, 'account.signed_in_sso', {
    mfaByProvider,
    providerSignOutEnc: providerSignOut(config, provider, idToken, key, urls.afterSignOut),
  });
  return { signedIn, returnTo: flow.returnTo, outcome, accountId: account.id };
}
