import type { WorkspaceActor } from '../domain/actor.ts';
import { backlogKey, incidentKey } from '../domain/incidents.ts';
import { backlogAbilities } from './policy.ts';
import type { actionsRaisedFrom, BacklogRow } from './service.ts';

export function presentBacklogItem(actor: WorkspaceActor, row: BacklogRow) {
  const { item } = row;
  const incident = row.incidentNumber !== null ? incidentKey(row.incidentNumber) : null;
  return {
    id: item.id,
    key: backlogKey(item.number),
    number: item.number,
    title: item.title,
    why: item.why,
    owner: { partyId: item.ownerPartyId, name: row.ownerName, kind: row.ownerKind },
    priority: item.priority,
    status: item.status,
    targetQuarter: item.targetQuarter,
    rank: item.rank,
    source: {
      kind: item.source,
      id: item.sourceId,
      label: incident ? `${incident} ${row.incidentTitle ?? ''}`.trim() : item.sourceLabel,
      /** The web app's path of the source, when it has a page here. */
      link: incident ? `/incidents/${incident}` : null,
    },
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
    abilities: backlogAbilities(actor, item),
  };
}

/** One of the items `actionsRaisedFrom` finds, as RaisedActionSchema shows it. */
export const presentRaisedAction = ({
  item,
  ownerName,
}: Awaited<ReturnType<typeof actionsRaisedFrom>>[number]) => ({
  id: item.id,
  key: backlogKey(item.number),
  title: item.title,
  status: item.status,
  priority: item.priority,
  ownerPartyName: ownerName,
});
