import type { CatalogueItem as CatalogueRow } from '../db/schema/tickets.ts';
import type { CatalogueItem } from './contract.ts';

export const presentCatalogueItem = (i: CatalogueRow, serviceName?: string | null): CatalogueItem => ({
  id: i.id,
  serviceId: i.serviceId,
  serviceName: serviceName ?? null,
  kind: i.kind,
  name: i.name,
  description: i.description,
  fields: i.fields,
  defaultImpact: i.defaultImpact,
  defaultUrgency: i.defaultUrgency,
  status: i.status,
  version: i.version,
});
