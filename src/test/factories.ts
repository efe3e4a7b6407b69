import { randomBytes } from 'node:crypto';
import { createAccount } from '../accounts/admin.ts';
import type { Database } from '../db/client.ts';
import { memberships, parties, type Role } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import { systemMeta } from '../server/context.ts';
import { createWorkspace } from '../workspace-setup/create-workspace.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
const meta = systemMeta('test');
const unique = () => randomBytes(4).toString('hex');

export type TestWorkspace = {
  id: string;
  slug: string;
  internalPartyId: string;
  providerPartyId: string;
  lead: { accountId: string; email: string; membershipId: string };
};

export async function makeAccount(
  db: Database,
  overrides: { email?: string; name?: string; isAdmin?: boolean } = {},
) {
  const id = unique();
  return createAccount(db, meta, {
    email: overrides.email ?? `person-${id}@example.test`,
    name: overrides.name ?? `Person ${id}`,
    password: TEST_PASSWORD,
    isAdmin: overrides.isAdmin ?? false,
  });
}

/** A workspace through the real use case, with an internal lead and a provider party. */
export async function makeWorkspace(db: Database, name = 'Test Co'): Promise<TestWorkspace> {
  const admin = await makeAccount(db, { isAdmin: true, name: `${name} Lead` });
  const slug = `ws-${unique()}`;
  const { workspace, internalParty, membership } = await createWorkspace(
    db,
    meta,
    { accountId: admin.id, isAdmin: true },
    {
      name,
      slug,
      internalPartyName: `${name} IT`,
    },
  );
  const [provider] = await withScopedTx(db, { workspaceId: workspace.id, accountId: admin.id }, (tx) =>
    tx
      .insert(parties)
      .values({ workspaceId: workspace.id, name: 'Provider Ltd', kind: 'provider' })
      .returning(),
  );
  return {
    id: workspace.id,
    slug,
    internalPartyId: internalParty.id,
    providerPartyId: provider!.id,
    lead: { accountId: admin.id, email: admin.email, membershipId: membership.id },
  };
}

export type MemberSpec = { party: 'internal' | 'provider' | null; role: Role; email?: string };

export async function makeMember(db: Database, ws: TestWorkspace, spec: MemberSpec) {
  const account = await makeAccount(db, spec.email ? { email: spec.email } : {});
  const partyId =
    spec.party === 'internal' ? ws.internalPartyId : spec.party === 'provider' ? ws.providerPartyId : null;
  const [membership] = await withScopedTx(db, { workspaceId: ws.id, accountId: account.id }, (tx) =>
    tx
      .insert(memberships)
      .values({ workspaceId: ws.id, accountId: account.id, partyId, role: spec.role })
      .returning(),
  );
  return { accountId: account.id, email: account.email, membershipId: membership!.id };
}

/** Adds an existing account to another workspace (a provider engineer serving two clients). */
export async function addMembership(
  db: Database,
  ws: TestWorkspace,
  accountId: string,
  spec: Omit<MemberSpec, 'email'>,
) {
  const partyId =
    spec.party === 'internal' ? ws.internalPartyId : spec.party === 'provider' ? ws.providerPartyId : null;
  const [membership] = await withScopedTx(db, { workspaceId: ws.id, accountId }, (tx) =>
    tx.insert(memberships).values({ workspaceId: ws.id, accountId, partyId, role: spec.role }).returning(),
  );
  return membership!;
}
