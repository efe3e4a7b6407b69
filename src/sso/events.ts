import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { OidcProviderConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { type SsoSignInEvent, ssoSignInEvents } from '../db/schema/sso.ts';
import { memberships } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';

/** How many events each provider keeps: every insert deletes that provider's older ones. */
export const SSO_EVENTS_KEPT = 200;
/** How many the page shows. */
export const SSO_EVENTS_SHOWN = 50;
/** The refusal code of a provider whose discovery document did not answer. */
export const PROVIDER_UNAVAILABLE = 'SSO_PROVIDER_UNAVAILABLE';

export type SsoOutcome = 'signed_in' | 'linked' | 'joined' | 'refused';
export type SsoEventInput = {
  provider: string;
  outcome: SsoOutcome;
  code?: string | null;
  reason?: string | null;
  email?: string | null;
  workspaceIds?: string[];
};

/**
 * Writes one event in its own transaction (a refusal's own transaction has rolled back), then
 * prunes the provider's events beyond SSO_EVENTS_KEPT. Global like oidc_identities: no workspace scope.
 */
export async function recordSsoEvent(db: Database, event: SsoEventInput) {
  await withScopedTx(db, { workspaceId: null, accountId: null }, async (tx) => {
    await tx.insert(ssoSignInEvents).values({
      provider: event.provider,
      outcome: event.outcome,
      code: event.code ?? null,
      reason: event.reason?.slice(0, 500) ?? null,
      email: event.email?.slice(0, 320) ?? null,
      workspaceIds: event.workspaceIds ?? [],
    });
    await tx.execute(
      sql`delete from sso_sign_in_events where provider = ${event.provider} and id not in (
            select id from sso_sign_in_events where provider = ${event.provider}
            order by at desc, id desc limit ${SSO_EVENTS_KEPT})`,
    );
  });
}

/** The workspaces an account is an active member of (its own memberships, read in its scope). */
export async function workspaceIdsOf(db: Database, accountId: string): Promise<string[]> {
  return withScopedTx(db, { workspaceId: null, accountId }, async (tx) => {
    const rows = await tx
      .select({ id: memberships.workspaceId })
      .from(memberships)
      .where(and(eq(memberships.accountId, accountId), eq(memberships.status, 'active')));
    return rows.map((r) => r.id);
  });
}

export type ProviderStatus = {
  status: 'answered' | 'unreachable' | 'not_used';
  lastUsedAt: Date | null;
  lastError: string | null;
};

/**
 * Each provider's status from its latest event (any workspace's: it says only whether the provider
 * answered, never who signed in), and the newest events naming this workspace; with
 * `withUnattributed` (an instance administrator) also those that name no workspace (strangers,
 * forged or expired flows, provider errors).
 */
export async function readSsoOverview(
  db: Database,
  providers: readonly OidcProviderConfig[],
  workspaceId: string,
  withUnattributed: boolean,
) {
  return withScopedTx(db, { workspaceId: null, accountId: null }, async (tx) => {
    const statuses = new Map<string, ProviderStatus>();
    for (const provider of providers) {
      const [latest] = await tx
        .select({ at: ssoSignInEvents.at, code: ssoSignInEvents.code, reason: ssoSignInEvents.reason })
        .from(ssoSignInEvents)
        .where(eq(ssoSignInEvents.provider, provider.id))
        .orderBy(desc(ssoSignInEvents.at), desc(ssoSignInEvents.id))
        .limit(1);
      const unreachable = latest?.code === PROVIDER_UNAVAILABLE;
      statuses.set(provider.id, {
        status: !latest ? 'not_used' : unreachable ? 'unreachable' : 'answered',
        lastUsedAt: latest?.at ?? null,
        lastError: unreachable ? (latest.reason ?? null) : null,
      });
    }
    const ids = providers.map((p) => p.id);
    const events: SsoSignInEvent[] =
      ids.length === 0
        ? []
        : await tx
            .select()
            .from(ssoSignInEvents)
            .where(
              and(
                inArray(ssoSignInEvents.provider, ids),
                withUnattributed
                  ? sql`(${workspaceId}::uuid = any(${ssoSignInEvents.workspaceIds}) or cardinality(${ssoSignInEvents.workspaceIds}) = 0)`
                  : sql`${workspaceId}::uuid = any(${ssoSignInEvents.workspaceIds})`,
              ),
            )
            .orderBy(desc(ssoSignInEvents.at), desc(ssoSignInEvents.id))
            .limit(SSO_EVENTS_SHOWN);
    return { statuses, events };
  });
}
