import { describe, expect, it } from 'vitest';
import { fillPlaceholders, firstName, unknownPlaceholders } from './placeholders.ts';

const values = {
  'requester.firstName': 'Sam',
  'requester.name': 'Sam Lee',
  'agent.firstName': 'Ian',
  'agent.name': 'Ian Cole',
  'ticket.key': 'ACME-7',
  'ticket.subject': 'Printer jam',
  'service.name': 'Printing',
};

describe('placeholders', () => {
  it('fills known placeholders, spaces allowed, and leaves others as written', () => {
    expect(fillPlaceholders('Hi {{requester.firstName}}, {{ ticket.key }} is ours. {{x.y}}', values)).toBe(
      'Hi Sam, ACME-7 is ours. {{x.y}}',
    );
  });
  it('does not treat inherited names as placeholders', () => {
    expect(fillPlaceholders('{{constructor}} {{toString}}', values)).toBe('{{constructor}} {{toString}}');
    expect(unknownPlaceholders('{{constructor}}')).toEqual(['constructor']);
  });
  it('names each unknown placeholder once', () => {
    expect(unknownPlaceholders('{{requester.first}} {{ticket.key}} {{requester.first}}')).toEqual([
      'requester.first',
    ]);
  });
  it('takes the first name', () => {
    expect(firstName('  Sam  Lee ')).toBe('Sam');
    expect(firstName(null)).toBe('');
  });
});
