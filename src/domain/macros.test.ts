import { describe, expect, it } from 'vitest';
import {
  type MacroEffects,
  macroAssignsOutsideLane,
  macroNeeds,
  macroProblems,
  macroRunsOn,
  macroSummary,
} from './macros.ts';

const none: MacroEffects = {
  status: null,
  assign: null,
  handoff: null,
  handoffPartyId: null,
  handoffReason: null,
  cannedResponseId: null,
};

describe('macro rules', () => {
  it('refuses a macro that does nothing, or a handoff without its party or reason', () => {
    expect(macroProblems(none).map(([f]) => f)).toEqual(['body']);
    expect(macroProblems({ ...none, handoff: 'party' }).map(([f]) => f)).toEqual([
      'body.handoffPartyId',
      'body.handoffReason',
    ]);
    expect(macroProblems({ ...none, handoff: 'triage', handoffReason: 'x', assign: 'me' })).toEqual([
      ['body.assign', 'a macro that hands the ticket off cannot also assign it to you'],
    ]);
    expect(macroProblems({ ...none, status: 'resolved', handoffReason: 'why' }).map(([f]) => f)).toEqual([
      'body.handoffReason',
    ]);
    expect(macroProblems({ ...none, handoff: 'triage', handoffReason: 'x', assign: 'nobody' })).toEqual([]);
  });

  it('names the rights each step needs, internal replies included', () => {
    expect(macroNeeds({ ...none, status: 'resolved', cannedResponseId: 'c' }, 'public')).toEqual([
      'update',
      'comment',
    ]);
    expect(macroNeeds({ ...none, assign: 'me', cannedResponseId: 'c', handoff: 'triage' }, 'party')).toEqual([
      'assign',
      'comment',
      'commentInternal',
      'handOff',
    ]);
    // A deleted canned response adds no reply.
    expect(macroNeeds({ ...none, cannedResponseId: 'c' }, null)).toEqual([]);
  });

  it('says what a macro does in words', () => {
    expect(
      macroSummary(
        { ...none, status: 'waiting_on_requester', cannedResponseId: 'c', handoff: 'party' },
        { partyName: 'Northwind', cannedTitle: 'Need more' },
      ),
    ).toBe('Set status to waiting on requester; add reply “Need more”; hand off to Northwind');
    expect(macroSummary(none, { partyName: null, cannedTitle: null })).toBe('Does nothing');
  });

  it('runs on a closed ticket only when it reopens it or only adds a reply', () => {
    expect(macroRunsOn({ ...none, status: 'resolved', assign: 'me' }, 'in_progress')).toBe(true);
    expect(macroRunsOn({ ...none, status: 'in_progress', handoff: 'triage' }, 'closed')).toBe(true);
    const replyOnly: MacroEffects = { ...none, cannedResponseId: 'c' };
    expect(macroRunsOn(replyOnly, 'closed')).toBe(true);
    expect(macroRunsOn({ ...none, status: 'closed' }, 'closed')).toBe(true);
    expect(macroRunsOn({ ...none, status: 'resolved' }, 'closed')).toBe(false);
    expect(macroRunsOn({ ...none, assign: 'nobody' }, 'closed')).toBe(false);
    expect(macroRunsOn({ ...none, handoff: 'triage' }, 'closed')).toBe(false);
  });

  it('assigns to the person applying it only inside their own lane or joint triage', () => {
    expect(macroAssignsOutsideLane({ assign: 'me' }, 'northwind', 'acme-it')).toBe(true);
    expect(macroAssignsOutsideLane({ assign: 'me' }, 'acme-it', 'acme-it')).toBe(false);
    expect(macroAssignsOutsideLane({ assign: 'me' }, null, 'acme-it')).toBe(false);
    expect(macroAssignsOutsideLane({ assign: 'nobody' }, 'northwind', 'acme-it')).toBe(false);
    expect(macroAssignsOutsideLane({ assign: null }, 'northwind', 'acme-it')).toBe(false);
  });
});
