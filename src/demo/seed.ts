import { sql } from 'drizzle-orm';
import { createAccount } from '../accounts/admin.ts';
import { recordAudit } from '../audit/record.ts';
import { hashPassword } from '../crypto/secrets.ts';
import type { Database } from '../db/client.ts';
import { memberships, parties, type Role } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import { systemMeta } from '../server/context.ts';
import { Conflict } from '../server/errors.ts';
import { createWorkspace } from '../workspace-setup/create-workspace.ts';
import { seedDemoAccess } from './access.ts';
import { seedDemoBramble } from './bramble.ts';
import { seedDemoChanges } from './changes.ts';
import { seedDemoDesk } from './desk.ts';
import { seedDemoEngagement } from './engagement.ts';
import { seedDemoGovernance } from './governance.ts';
import { seedDemoIncidents } from './incidents.ts';
import { seedDemoKnowledge } from './knowledge.ts';
import { seedDemoNotifications } from './notifications.ts';
import { seedDemoContinuity } from './problems.ts';
import { seedDemoReplies } from './replies.ts';
import { seedDemoResponsibility } from './responsibility.ts';
import { seedDemoSla } from './sla.ts';

export const DEMO_PASSWORD = 'tandem-demo-2026';

type Person = { email: string; name: string; isAdmin?: boolean };
type Seat = { person: Person; party: 'internal' | 'provider' | null; role: Role };

export const people = {
  alice: { email: 'alice@acme.example', name: 'Alice Hart', isAdmin: true },
  ian: { email: 'ian@acme.example', name: 'Ian Cole' },
  nora: { email: 'nora@northwind.example', name: 'Nora Quinn' },
  ed: { email: 'ed@northwind.example', name: 'Ed Park' },
  priya: { email: 'priya@northwind.example', name: 'Priya Shah' },
  rob: { email: 'rob@acme.example', name: 'Rob Mills' },
  sam: { email: 'sam@acme.example', name: 'Sam Lee' },
  tara: { email: 'tara@acme.example', name: 'Tara Singh' },
  ben: { email: 'ben@bramble.example', name: 'Ben Archer' },
  fay: { email: 'fay@bramble.example', name: 'Fay Morgan' },
} satisfies Record<string, Person>;

const DEMO_WORKSPACES: Array<{ name: string; slug: string; internal: string; lead: Person; seats: Seat[] }> =
  [
    {
      name: 'Acme Manufacturing',
      slug: 'acme',
      internal: 'Acme IT',
      lead: people.alice,
      seats: [
        { person: people.ian, party: 'internal', role: 'agent' },
        { person: people.nora, party: 'provider', role: 'lead' },
        { person: people.ed, party: 'provider', role: 'agent' },
        { person: people.priya, party: 'provider', role: 'agent' },
        { person: people.rob, party: null, role: 'requester' },
        { person: people.sam, party: null, role: 'requester' },
        { person: people.tara, party: null, role: 'requester' },
      ],
    },
    {
      name: 'Bramble Foods',
      slug: 'bramble',
      internal: 'Bramble IT',
      lead: people.ben,
      seats: [
        { person: people.nora, party: 'provider', role: 'lead' },
        { person: people.ed, party: 'provider', role: 'agent' },
        { person: people.fay, party: null, role: 'requester' },
      ],
    },
  ];

export const PROVIDER_NAME = 'Northwind IT Services';

/** Seeds the demo workspaces through the real use cases. Refuses when they already exist. */
export async function seedDemo(db: Database) {
  const meta = systemMeta('demo-seed');
  // Row-level security hides every workspace from an unscoped transaction; a narrow SECURITY
  // DEFINER function answers whether the address is taken.
  const taken = await withScopedTx(db, { workspaceId: null, accountId: null }, async (tx) => {
    const result = await tx.execute(sql`select tandem_workspace_slug_taken('acme') as taken`);
    return (result as unknown as { rows: Array<{ taken: boolean }> }).rows[0]?.taken === true;
  });
  if (taken) throw new Conflict('The demo workspace already exists.', 'DEMO_EXISTS');
  const accountIds = new Map<string, { id: string; isAdmin: boolean }>();
  // One hash for the ten demo accounts: they share a published password, and each argon2id hash
  // costs ~18 ms of the first start.
  const hashed = await hashPassword(DEMO_PASSWORD);
  for (const person of Object.values(people) as Person[]) {
    const account = await createAccount(db, meta, { ...person, password: DEMO_PASSWORD }, hashed);
    accountIds.set(person.email, { id: account.id, isAdmin: account.isAdmin });
  }
  for (const spec of DEMO_WORKSPACES) {
    const lead = accountIds.get(spec.lead.email)!;
    // Only administrators create workspaces; the demo acts as one for the other client.
    const { workspace, internalParty, membership } = await createWorkspace(
      db,
      meta,
      { accountId: lead.id, isAdmin: true },
      {
        name: spec.name,
        slug: spec.slug,
        internalPartyName: spec.internal,
      },
    );
    const seats = new Map<string, { accountId: string; membershipId: string }>([
      [spec.lead.email, { accountId: lead.id, membershipId: membership.id }],
    ]);
    const providerId = await withScopedTx(
      db,
      { workspaceId: workspace.id, accountId: lead.id },
      async (tx) => {
        const [provider] = await tx
          .insert(parties)
          .values({ workspaceId: workspace.id, name: PROVIDER_NAME, kind: 'provider' })
          .returning();
        const actor = {
          workspaceId: workspace.id,
          actorAccountId: lead.id,
          actorMembershipId: membership.id,
        };
        await recordAudit(tx, meta, {
          ...actor,
          action: 'party.created',
          entityType: 'party',
          entityId: provider!.id,
          after: provider,
        });
        for (const seat of spec.seats) {
          const partyId =
            seat.party === 'internal' ? internalParty.id : seat.party === 'provider' ? provider!.id : null;
          const [m] = await tx
            .insert(memberships)
            .values({
              workspaceId: workspace.id,
              accountId: accountIds.get(seat.person.email)!.id,
              partyId,
              role: seat.role,
            })
            .returning();
          await recordAudit(tx, meta, {
            ...actor,
            action: 'member.added',
            entityType: 'membership',
            entityId: m!.id,
            after: m,
          });
          seats.set(seat.person.email, { accountId: m!.accountId, membershipId: m!.id });
        }
        return provider!.id;
      },
    );
    const of = (person: Person) => seats.get(person.email)!;
    const seat = (person: Person, partyId: string | null) => ({
      membershipId: of(person).membershipId,
      partyId,
      name: person.name,
    });
    const partyIds = { internalPartyId: internalParty.id, providerPartyId: providerId };
    if (spec.slug === 'acme') {
      // Acme's leads and agents on both sides, who write most of each area's demo records.
      const staff = {
        lead: of(people.alice),
        agent: of(people.ian),
        providerLead: of(people.nora),
        engineer: of(people.ed),
      };
      await seedDemoResponsibility(db, workspace.id, providerId, staff);
      await seedDemoDesk(db, workspace.id, {
        requesters: [people.rob, people.sam, people.tara].map((p) => seat(p, null)),
        internalStaff: [seat(people.alice, internalParty.id), seat(people.ian, internalParty.id)],
        providerStaff: [
          seat(people.nora, providerId),
          seat(people.ed, providerId),
          seat(people.priya, providerId),
        ],
        ...partyIds,
      });
      await seedDemoIncidents(db, workspace.id, { ...staff, requester: of(people.rob), ...partyIds });
      await seedDemoKnowledge(db, workspace.id, {
        ...partyIds,
        internalAuthors: [of(people.alice).membershipId, of(people.ian).membershipId],
        providerAuthors: [of(people.ed).membershipId, of(people.priya).membershipId],
      });
      await seedDemoSla(db, workspace.id, {
        ...partyIds,
        onCall: [of(people.ed).membershipId, of(people.priya).membershipId],
      });
      await seedDemoReplies(db, workspace.id, {
        lead: staff.lead.membershipId,
        providerLead: staff.providerLead.membershipId,
        providerPartyId: providerId,
      });
      await seedDemoNotifications(db, workspace.id, {
        lead: staff.lead.membershipId,
        agent: staff.agent.membershipId,
        engineer: staff.engineer.membershipId,
      });
      // Problems, systems, knowledge health and handovers: after the desk and the knowledge base.
      await seedDemoContinuity(db, workspace.id, { ...staff, requester: of(people.rob), ...partyIds });
      // The privileged-access register needs the systems register (seeded just above).
      await seedDemoAccess(db, workspace.id, {
        ...staff,
        engineer2: of(people.priya),
        providerPartyId: providerId,
      });
      // Changes: after the systems register (continuity), which they link to.
      await seedDemoChanges(db, workspace.id, { ...staff, ...partyIds });
      // Risks and obligations: after problems, incidents and systems, which they link to.
      await seedDemoGovernance(db, workspace.id, { ...staff, ...partyIds });
      // The engagement links its security clause to the obligations seeded just before.
      await seedDemoEngagement(db, workspace.id, { lead: staff.lead, ...partyIds });
    }
    if (spec.slug === 'bramble') {
      // Northwind's second client: a living desk, so the provider's cross-client queue has it too.
      await seedDemoBramble(db, workspace.id, {
        lead: of(people.ben),
        requesters: [seat(people.fay, null)],
        internalStaff: [seat(people.ben, internalParty.id)],
        providerStaff: [seat(people.nora, providerId), seat(people.ed, providerId)],
        ...partyIds,
        onCall: [of(people.ed).membershipId, of(people.nora).membershipId],
      });
    }
  }
  return { password: DEMO_PASSWORD, people };
}

/** Who each demo account is, in the order the start-up banner lists them. */
const DEMO_ACCOUNT_ROLES: Array<[Person, string]> = [
  [people.alice, 'internal IT lead at Acme (administrator; sets up two-step sign-in on first sign-in)'],
  [people.ian, 'internal IT agent at Acme (no two-step sign-in required)'],
  [people.nora, 'Northwind service manager (provider lead) serving Acme and Bramble'],
  [people.ed, 'Northwind engineer serving Acme and Bramble'],
  [people.priya, 'Northwind engineer serving Acme'],
  [people.ben, 'internal IT lead at Bramble (sets up two-step sign-in on first sign-in)'],
  [people.rob, 'a requester at Acme'],
  [people.sam, 'a requester at Acme'],
  [people.tara, 'a requester at Acme'],
  [people.fay, 'a requester at Bramble'],
];

export function demoSignInHelp(baseUrl: string): string {
  // One column for the addresses, so the descriptions line up whatever the longest address is.
  const width = Math.max(...DEMO_ACCOUNT_ROLES.map(([p]) => p.email.length));
  return [
    `Demo workspaces "Acme Manufacturing" and "Bramble Foods" are ready at ${baseUrl}`,
    `Every demo account's password is ${DEMO_PASSWORD}:`,
    ...DEMO_ACCOUNT_ROLES.map(([p, role]) => `  ${p.email.padEnd(width)}  ${role}`),
  ].join('\n');
}
