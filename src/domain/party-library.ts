import { isInternalLead, isStaff, type WorkspaceActor } from './actor.ts';

/**
 * The rule shared by a party's libraries (canned responses, macros, ticket templates): an item
 * belongs to one party or, with no party, to the whole workspace.
 */
type Owned = { partyId: string | null };

/** Staff see the workspace-wide items and their own party's. */
export const canSeeLibraryItem = (actor: WorkspaceActor, item: Owned) =>
  isStaff(actor) && (item.partyId === null || item.partyId === actor.partyId);

/** Using an item (filling a reply, applying a macro) is for staff who may work tickets; viewers only read. */
export const canUseLibraryItem = (actor: WorkspaceActor, item?: Owned) =>
  isStaff(actor) && actor.role !== 'viewer' && (!item || canSeeLibraryItem(actor, item));

/** A party's lead keeps the party's own items; the internal lead also the workspace-wide ones. */
export function canKeepLibraryItem(actor: WorkspaceActor, item?: Owned): boolean {
  if (!isStaff(actor) || actor.role !== 'lead') return false;
  if (!item) return true;
  return item.partyId === null ? isInternalLead(actor) : item.partyId === actor.partyId;
}

/** What the list page may offer to add. */
export const libraryCreateAbilities = (actor: WorkspaceActor) => ({
  createForParty: canKeepLibraryItem(actor, { partyId: actor.partyId }),
  createForWorkspace: canKeepLibraryItem(actor, { partyId: null }),
});

/** What an item's row may offer. */
export const libraryItemAbilities = (actor: WorkspaceActor, item: Owned) => ({
  update: canKeepLibraryItem(actor, item),
  delete: canKeepLibraryItem(actor, item),
});
