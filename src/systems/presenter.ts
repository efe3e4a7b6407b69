import type { System } from '../db/schema/systems.ts';
import type { SystemView } from './contract.ts';

export const presentSystem = (
  s: System,
  names: { ownerPartyName: string | null; serviceName: string | null },
  recovery: Omit<NonNullable<SystemView['recoveryArticle']>, 'key'> | null,
): SystemView => ({
  id: s.id,
  name: s.name,
  kind: s.kind,
  criticality: s.criticality,
  ownerParty: { id: s.ownerPartyId, name: names.ownerPartyName },
  service: s.serviceId ? { id: s.serviceId, name: names.serviceName } : null,
  description: s.description,
  recoveryArticle: recovery ? { ...recovery, key: `KB-${recovery.number}` } : null,
  hasRecoveryProcedure: recovery !== null && recovery.status !== 'retired',
  status: s.status,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
  version: s.version,
});
