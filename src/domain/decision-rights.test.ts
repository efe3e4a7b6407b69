import { describe, expect, it } from 'vitest';
import defaults from '../defaults/default-decision-types.json' with { type: 'json' };
import type { WorkspaceActor } from './actor.ts';
import {
  canDecide,
  canPropose,
  canWithdraw,
  type DecisionRight,
  describeDecider,
} from './decision-rights.ts';

const actor = (over: Partial<WorkspaceActor>): WorkspaceActor => ({
  accountId: 'acc',
  isAdmin: false,
  membershipId: 'm-actor',
  workspaceId: 'ws',
  workspaceSlug: 'ws',
  ticketPrefix: 'WS',
  role: 'agent',
  partyId: 'p-int',
  partyKind: 'internal',
  ...over,
});

const people = {
  'internal lead': actor({ role: 'lead' }),
  'internal agent': actor({ role: 'agent', membershipId: 'm-delegate' }),
  'internal viewer': actor({ role: 'viewer' }),
  'provider lead': actor({ role: 'lead', partyId: 'p-prov', partyKind: 'provider' }),
  'other provider lead': actor({ role: 'lead', partyId: 'p-other', partyKind: 'provider' }),
  'provider engineer': actor({ role: 'agent', partyId: 'p-prov', partyKind: 'provider' }),
  requester: actor({ role: 'requester', partyId: null, partyKind: null }),
};
type Person = keyof typeof people;

const types = (defaults as { decisionTypes: Array<{ key: string; name: string; proposers: string[] }> })
  .decisionTypes;
const rightOf = (t: (typeof types)[number], over: Partial<DecisionRight> = {}): DecisionRight => ({
  name: t.name,
  proposerKinds: t.proposers,
  decider: 'internal_lead',
  delegateMembershipId: null,
  delegatePartyId: null,
  ...over,
});

describe('deciding: every default decision type × party × role', () => {
  const expectations: Array<[string, Partial<DecisionRight>, Person[]]> = [
    ['by default', {}, ['internal lead']],
    [
      'delegated to a named internal agent',
      { decider: 'internal_delegate', delegateMembershipId: 'm-delegate' },
      ['internal lead', 'internal agent'],
    ],
    [
      'delegated to a provider lead',
      { decider: 'provider_lead', delegatePartyId: 'p-prov' },
      ['internal lead', 'provider lead'],
    ],
  ];
  for (const type of types) {
    for (const [setting, over, allowed] of expectations) {
      it(`${type.key} ${setting}: only ${allowed.join(' and ')} may decide`, () => {
        const right = rightOf(type, over);
        for (const [name, who] of Object.entries(people) as Array<[Person, WorkspaceActor]>) {
          expect(canDecide(who, right), `${name}`).toBe(allowed.includes(name));
        }
      });
    }
  }
});

describe('proposing', () => {
  it.each(types.map((t) => [t.key, t] as const))(
    '%s: staff of a proposing party may propose, viewers and requesters may not',
    (_key, type) => {
      const right = rightOf(type);
      expect(canPropose(people['internal agent'], right)).toBe(type.proposers.includes('internal'));
      expect(canPropose(people['provider engineer'], right)).toBe(type.proposers.includes('provider'));
      expect(canPropose(people['internal viewer'], right)).toBe(false);
      expect(canPropose(people.requester, right)).toBe(false);
    },
  );
});

describe('withdrawing and describing', () => {
  it('lets the proposer or the internal lead withdraw', () => {
    expect(canWithdraw(people['provider engineer'], 'm-actor')).toBe(true);
    expect(canWithdraw(people['provider engineer'], 'someone-else')).toBe(false);
    expect(canWithdraw(people['internal lead'], 'someone-else')).toBe(true);
  });

  it('names who holds the right', () => {
    const type = types[0]!;
    expect(describeDecider(rightOf(type))).toBe('the internal IT lead');
    expect(
      describeDecider(rightOf(type, { decider: 'internal_delegate' }), { delegate: 'Ian Cole' }),
    ).toContain('Ian Cole');
    expect(describeDecider(rightOf(type, { decider: 'provider_lead' }), { party: 'Northwind' })).toContain(
      'Northwind',
    );
  });
});
