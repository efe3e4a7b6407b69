import { describe, expect, it } from 'vitest';
import {
  checkClauses,
  describeChange,
  type EngagementTerms,
  missingClauses,
  sortClauses,
} from './engagements.ts';

const terms = (over: Partial<EngagementTerms> = {}): EngagementTerms => ({
  purposes: ['capacity'],
  intent: 'Cover',
  ownerMembershipId: 'm1',
  reviewCadence: 'monthly',
  clauses: [
    { kind: 'scope', text: 'All of it' },
    {
      kind: 'incident_roles',
      text: 'Roles',
      incidentRoles: [{ role: 'commander', partyId: 'p', person: 'A' }],
    },
  ],
  ...over,
});

describe('engagement terms', () => {
  it('names what changed, ignoring key order (jsonb reorders keys)', () => {
    const reordered = terms({
      clauses: [
        { text: 'All of it', kind: 'scope' },
        {
          kind: 'incident_roles',
          text: 'Roles',
          incidentRoles: [{ person: 'A', partyId: 'p', role: 'commander' }],
        },
      ],
    });
    expect(describeChange(terms(), reordered)).toBe('No change');
    const edited = terms({
      clauses: [{ kind: 'scope', text: 'Less' }, terms().clauses[1]!],
      reviewCadence: 'weekly',
    });
    expect(describeChange(terms(), edited)).toBe('Changed: Scope, review cadence');
    expect(describeChange(terms(), terms({ ownerMembershipId: 'm2', intent: 'x' }))).toBe(
      'Changed: purpose, relationship owner',
    );
  });

  it('refuses a kind twice and details on the wrong clause; sorts in checklist order', () => {
    expect(
      checkClauses([
        { kind: 'scope', text: 'a' },
        { kind: 'scope', text: 'b' },
      ]),
    ).toMatchObject({ index: 1, field: 'kind' });
    expect(checkClauses([{ kind: 'backup', text: 'a', noticeDays: 3 }])).toMatchObject({
      index: 0,
      field: 'noticeDays',
    });
    expect(checkClauses([{ kind: 'offboarding', text: 'a', noticeDays: 3, deliverables: ['x'] }])).toBeNull();
    expect(
      sortClauses([
        { kind: 'documentation', text: 'd' },
        { kind: 'scope', text: 's' },
      ]).map((c) => c.kind),
    ).toEqual(['scope', 'documentation']);
    expect(missingClauses(terms().clauses)).not.toContain('scope');
    expect(missingClauses(terms().clauses)).toContain('documentation');
  });
});
