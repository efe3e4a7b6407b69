// Macros: what one macro does, in words, and which of its parts are consistent. Pure rules.

export const MACRO_ASSIGNS = ['me', 'nobody'] as const;
export const MACRO_HANDOFFS = ['party', 'triage'] as const;
export type MacroAssign = (typeof MACRO_ASSIGNS)[number];
export type MacroHandoff = (typeof MACRO_HANDOFFS)[number];

export type MacroEffects = {
  status: string | null;
  assign: MacroAssign | null;
  handoff: MacroHandoff | null;
  handoffPartyId: string | null;
  handoffReason: string | null;
  cannedResponseId: string | null;
};

/** Each inconsistency as [field, message]; empty when the macro may be saved. */
export function macroProblems(m: MacroEffects): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  if (!m.status && !m.assign && !m.handoff && !m.cannedResponseId)
    problems.push(['body', 'a macro must do something: set a status, an assignee, a handoff or a reply']);
  if (m.handoff === 'party' && !m.handoffPartyId)
    problems.push(['body.handoffPartyId', 'name the party the ticket is handed to']);
  if (m.handoff !== 'party' && m.handoffPartyId)
    problems.push(['body.handoffPartyId', 'a party is named only when the macro hands off to a party']);
  if (m.handoff && !m.handoffReason)
    problems.push(['body.handoffReason', 'a handoff needs a reason the receiving party reads']);
  if (!m.handoff && m.handoffReason)
    problems.push(['body.handoffReason', 'a reason is given only when the macro hands off']);
  if (m.handoff && m.assign === 'me')
    problems.push(['body.assign', 'a macro that hands the ticket off cannot also assign it to you']);
  return problems;
}

/** The ticket rights a macro needs, in the order its steps run. */
export function macroNeeds(
  m: MacroEffects,
  replyVisibility: string | null,
): Array<'update' | 'assign' | 'comment' | 'commentInternal' | 'handOff'> {
  const needs: Array<'update' | 'assign' | 'comment' | 'commentInternal' | 'handOff'> = [];
  if (m.status) needs.push('update');
  if (m.assign) needs.push('assign');
  if (m.cannedResponseId && replyVisibility) {
    needs.push('comment');
    if (replyVisibility !== 'public') needs.push('commentInternal');
  }
  if (m.handoff) needs.push('handOff');
  return needs;
}

const STATUS_WORDS = (s: string) => s.replace(/_/g, ' ');

/** "Set status to resolved; assign to me; add reply “We are on it”; hand off to Northwind: reason". */
export function macroSummary(
  m: MacroEffects,
  names: { partyName: string | null; cannedTitle: string | null },
): string {
  const parts: string[] = [];
  if (m.status) parts.push(`set status to ${STATUS_WORDS(m.status)}`);
  if (m.assign === 'me') parts.push('assign to the person applying it');
  if (m.assign === 'nobody') parts.push('unassign');
  if (m.cannedResponseId && names.cannedTitle) parts.push(`add reply “${names.cannedTitle}”`);
  if (m.handoff === 'triage') parts.push('hand off to joint triage');
  if (m.handoff === 'party') parts.push(`hand off to ${names.partyName ?? 'another party'}`);
  const text = parts.join('; ');
  return text ? text[0]!.toUpperCase() + text.slice(1) : 'Does nothing';
}

/**
 * Whether a macro may run on a ticket in this status. A closed ticket is a record: it changes only
 * by reopening it (tickets.ts, isFrozenChange), so a macro that sets a status other than in
 * progress, an assignee or a handoff is refused there; a reply-only macro still runs.
 */
export function macroRunsOn(m: Pick<MacroEffects, 'status' | 'assign' | 'handoff'>, ticketStatus: string) {
  if (ticketStatus !== 'closed' || m.status === 'in_progress') return true;
  const changesStatus = m.status !== null && m.status !== 'closed';
  return !changesStatus && !m.assign && !m.handoff;
}

/**
 * Whether a macro would assign the ticket to the person applying it while the ticket sits in another
 * party's lane: the assignee must belong to the lane (tickets' update refuses it, ASSIGNEE_OUTSIDE_LANE),
 * so the ticket is handed off first. Joint triage takes anyone.
 */
export function macroAssignsOutsideLane(
  m: Pick<MacroEffects, 'assign'>,
  lanePartyId: string | null,
  actorPartyId: string | null,
) {
  return m.assign === 'me' && lanePartyId !== null && lanePartyId !== actorPartyId;
}
