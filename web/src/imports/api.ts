import { useMutation } from '@tanstack/react-query';
import type { ImportBody, ImportFieldNames, ImportReport } from '../../../src/imports/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import { wsPath } from '../workspaces/api';

export type Report = Wire<ImportReport>;
export type ImportKind = ImportBody['kind'];
export type FieldName<K extends ImportKind> = ImportFieldNames[K];

/** Each kind's fields with what the column should hold (keys checked against the server's fields). */
export const FIELDS: { [K in ImportKind]: Record<FieldName<K>, { label: string; required: boolean }> } = {
  tickets: {
    externalId: { label: 'Id in the old desk', required: true },
    subject: { label: 'Subject', required: true },
    description: { label: 'Description', required: false },
    service: { label: 'Service (its name on the map)', required: true },
    requester: { label: "Requester's e-mail (a member)", required: false },
    priority: { label: 'Priority (P1–P4)', required: false },
    comment: { label: 'Comment (one per row; rows with the same id add theirs)', required: false },
  },
  systems: {
    externalId: { label: 'Id in the old desk', required: true },
    name: { label: 'Name', required: true },
    kind: { label: 'Kind', required: true },
    criticality: { label: 'Criticality', required: true },
    service: { label: 'Service (its name on the map)', required: false },
    description: { label: 'Description', required: false },
  },
};

export function useRunImport(slug: string) {
  return useMutation({
    mutationFn: (body: ImportBody) => api<Report>(`${wsPath(slug)}/imports`, { method: 'POST', body }),
  });
}
