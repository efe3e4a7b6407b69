import { describe, expect, it } from 'vitest';
import { attendanceSummary, concentrateByPerson } from './knowledge-health.ts';

describe('concentrateByPerson', () => {
  it('flags exactly one person and names them; none or many are not flagged', () => {
    const result = concentrateByPerson(
      ['email', 'backup', 'erp'],
      [
        { subjectId: 'email', personId: 'ian' },
        { subjectId: 'email', personId: 'ian' },
        { subjectId: 'backup', personId: 'ian' },
        { subjectId: 'backup', personId: 'nora' },
      ],
    );
    expect(result).toEqual([
      { subjectId: 'email', people: 1, onlyPersonId: 'ian', isSinglePerson: true },
      { subjectId: 'backup', people: 2, onlyPersonId: null, isSinglePerson: false },
      { subjectId: 'erp', people: 0, onlyPersonId: null, isSinglePerson: false },
    ]);
  });
});

describe('attendanceSummary', () => {
  it('counts invitations and attendance per person', () => {
    expect(
      attendanceSummary([
        { personId: 'a', attended: true },
        { personId: 'a', attended: false },
        { personId: 'b', attended: true },
      ]),
    ).toEqual([
      { personId: 'a', invited: 2, attended: 1, rate: 0.5 },
      { personId: 'b', invited: 1, attended: 1, rate: 1 },
    ]);
  });
});
