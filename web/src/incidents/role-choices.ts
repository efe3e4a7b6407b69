import type { Member } from '../members/api';

/** Staff as the choices of an incident's commander and communications lead pickers: "Name (Party)". */
export const roleChoices = (staff: Member[] | undefined) =>
  (staff ?? []).map((m) => ({ value: m.id, label: `${m.account.name} (${m.party?.name ?? ''})` }));
