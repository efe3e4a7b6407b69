import { describe, expect, it } from 'vitest';
import type { WorkspaceActor } from '../domain/actor.ts';
import { testActor } from '../test/actors.ts';
import { canProblem, problemAbilities } from './policy.ts';

const actor = (partyKind: 'internal' | 'provider' | null, role: WorkspaceActor['role']) =>
  testActor({
    workspaceSlug: 'acme',
    ticketPrefix: 'ACME',
    role,
    partyId: partyKind ? `${partyKind}-party` : null,
    partyKind,
  });

describe('problem, system and handover policy', () => {
  it.each([
    ['internal lead', actor('internal', 'lead'), { view: true, manage: true, runDetection: true }],
    ['internal agent', actor('internal', 'agent'), { view: true, manage: true, runDetection: true }],
    ['internal viewer', actor('internal', 'viewer'), { view: true, manage: false, runDetection: false }],
    ['provider lead', actor('provider', 'lead'), { view: true, manage: true, runDetection: true }],
    ['provider engineer', actor('provider', 'agent'), { view: true, manage: true, runDetection: true }],
    ['requester', actor(null, 'requester'), { view: false, manage: false, runDetection: false }],
  ] as const)('%s', (_name, who, expected) => {
    expect({
      view: canProblem(who, 'view'),
      manage: canProblem(who, 'manage'),
      runDetection: canProblem(who, 'runDetection'),
    }).toEqual(expected);
    expect(problemAbilities(who)).toEqual({ manage: expected.manage, runDetection: expected.runDetection });
  });
});
