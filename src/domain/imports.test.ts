import { describe, expect, it } from 'vitest';
import { readImportFile } from './imports.ts';

describe('reading an import file', () => {
  it('maps columns by name or by the mapping, trimming and dropping empty optional cells', () => {
    const csv =
      'Ref,Title,Service,Prio,Note\nOLD-1, Printer jams ,Printing,P2,\nOLD-1,Printer jams,Printing,,Second note\n';
    const { rows, errors } = readImportFile('tickets', csv, {
      externalId: 'Ref',
      subject: 'Title',
      service: 'service',
      priority: 'Prio',
      comment: 'Note',
    });
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { row: 1, externalId: 'OLD-1', subject: 'Printer jams', service: 'Printing', priority: 'P2' },
      { row: 2, externalId: 'OLD-1', subject: 'Printer jams', service: 'Printing', comment: 'Second note' },
    ]);
  });

  it("lists every row's errors, naming the row and the field", () => {
    const csv =
      'externalId,name,kind,criticality\nS1,ERP,application,high\nS2,,infrastructure,urgent\n,Mail,nonsense,low\n';
    const { rows, errors } = readImportFile('systems', csv);
    expect(rows.map((r) => r.externalId)).toEqual(['S1']);
    expect(errors).toEqual([
      { row: 2, field: 'name', message: 'must not be empty' },
      { row: 2, field: 'criticality', message: expect.stringMatching(/^must be one of critical/) },
      { row: 3, field: 'externalId', message: 'must not be empty' },
      { row: 3, field: 'kind', message: expect.stringMatching(/^must be one of /) },
    ]);
  });

  it('refuses a file without a required column, a mapping to a missing column and an unknown field', () => {
    expect(readImportFile('systems', 'externalId,name\nS1,ERP\n').errors).toEqual([
      { row: 0, field: 'kind', message: 'has no column "kind" in the file (map it to one)' },
      { row: 0, field: 'criticality', message: 'has no column "criticality" in the file (map it to one)' },
    ]);
    const mapped = readImportFile('systems', 'externalId,name,kind,criticality\n', {
      name: 'Title',
      colour: 'x',
    });
    expect(mapped.errors.map((e) => e.field)).toEqual(['colour', 'name']);
    expect(readImportFile('tickets', '').errors[0]!.message).toBe('The file is empty.');
    expect(readImportFile('tickets', 'a,"b\n1,2').errors[0]!.message).toMatch(/^Not a readable CSV file/);
  });
});
