import type { Database } from '../db/client.ts';
import { withScopedTx } from '../db/tenant.ts';
import { approveProposal, createProposal, suggestionChanges } from '../responsibility/proposals.ts';
import { type DeskPeople, seedDemoDesk } from './desk.ts';
import { contextFor, type DemoSeat } from './responsibility.ts';
import { seedDemoSla } from './sla.ts';

export type BrambleDemoPeople = DeskPeople & {
  lead: DemoSeat;
  /** Northwind engineers on Bramble's on-call rota. */
  onCall: string[];
};

/**
 * Bramble Foods, Northwind's second client: the map from the contract (no gaps; the help desk,
 * endpoints, assets and projects are shared, so their tickets land in joint triage), a smaller
 * desk than Acme's with a few tickets from the last hour, and SLA policies like Acme's with clocks
 * on every ticket (some breached, the fresh ones at risk).
 */
export async function seedDemoBramble(db: Database, workspaceId: string, people: BrambleDemoPeople) {
  const lead = await contextFor(db, workspaceId, people.lead, true);
  const changes = await withScopedTx(db, { workspaceId, accountId: null }, (tx) =>
    suggestionChanges(tx, workspaceId, people.providerPartyId),
  );
  const proposal = await createProposal(lead, {
    title: "Northwind's lanes from the co-managed contract",
    rationale:
      'Schedule 1 of the contract: Northwind runs identity, collaboration, backups, network, security monitoring and infrastructure; the help desk, endpoints, assets and projects are shared with Bramble IT, which stays Accountable throughout.',
    changes,
  });
  await approveProposal(lead, proposal.number, 'Matches the signed contract schedule.');
  await seedDemoDesk(db, workspaceId, people, {
    count: 120,
    seed: 20_261_202,
    internalName: 'Bramble IT',
    fresh: 4,
  });
  await seedDemoSla(db, workspaceId, {
    internalPartyId: people.internalPartyId,
    providerPartyId: people.providerPartyId,
    onCall: people.onCall,
    hoursName: 'Bramble business hours',
  });
}
