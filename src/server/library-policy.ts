import { isStaff, type WorkspaceActor } from '../domain/actor.ts';
import {
  canKeepLibraryItem,
  canSeeLibraryItem,
  canUseLibraryItem,
  libraryCreateAbilities,
  libraryItemAbilities,
} from '../domain/party-library.ts';
import { Forbidden } from './errors.ts';

/** The actions every party library has; an area may add one "use" action (apply a macro, fill a reply). */
export type LibraryKeepAction = 'list' | 'create' | 'update' | 'delete';
type Owned = { partyId: string | null };

/**
 * The policy of a party's library (canned responses, macros, ticket templates), from the shared
 * rules in src/domain/party-library.ts: staff list what they see, workers use it, a party's lead
 * keeps the party's own and the internal lead the workspace-wide ones. Refusals name the area.
 */
export function libraryPolicy<Action extends string>(area: {
  /** Plural, as in "Only staff of a party use macros." */
  items: string;
  /** The area's use action and its refusal, if it has one. */
  use?: { action: Exclude<Action, LibraryKeepAction>; refusal: string };
  code: string;
}) {
  const { items } = area;
  const messages: Record<string, string> = {
    list: `Only staff of a party use ${items}.`,
    create: `Only a party's lead adds its ${items}; the internal lead adds workspace-wide ones.`,
    update: `Only a party's lead changes its ${items}; the internal lead changes workspace-wide ones.`,
    delete: `Only a party's lead removes its ${items}; the internal lead removes workspace-wide ones.`,
    ...(area.use ? { [area.use.action]: area.use.refusal } : {}),
  };
  const can = (actor: WorkspaceActor, action: Action, item?: Owned): boolean => {
    if (action === 'list') return isStaff(actor);
    if (action === area.use?.action) return canUseLibraryItem(actor, item);
    return canKeepLibraryItem(actor, item);
  };
  return {
    can,
    assert(actor: WorkspaceActor, action: Action, item?: Owned) {
      if (!can(actor, action, item)) throw new Forbidden(messages[action]!, area.code);
    },
    /** Whether the actor sees this item: workspace-wide ones, and their own party's. */
    canSee: (actor: WorkspaceActor, item: Owned) => canSeeLibraryItem(actor, item),
    /** What an item's row may offer. */
    itemAbilities: (actor: WorkspaceActor, item: Owned) => libraryItemAbilities(actor, item),
    /** What the list may offer to add. */
    listAbilities: (actor: WorkspaceActor) => libraryCreateAbilities(actor),
  };
}
