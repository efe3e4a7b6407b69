import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ImportBody,
  ImportFieldNames,
  ImportHistory,
  ImportReport,
} from '../../../src/imports/contract.ts';
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
    commentedAt: { label: "Comment's date (2026-03-31T14:05Z)", required: false },
    status: { label: 'Status (new, in_progress, resolved, closed, …)', required: false },
    createdAt: { label: 'Opened on (2026-03-31 or with a time)', required: false },
    resolvedAt: { label: 'Resolved on (resolved or closed tickets)', required: false },
  },
  systems: {
    externalId: { label: 'Id in the old desk', required: true },
    name: { label: 'Name', required: true },
    kind: { label: 'Kind', required: true },
    criticality: { label: 'Criticality', required: true },
    service: { label: 'Service (its name on the map)', required: false },
    description: { label: 'Description', required: false },
  },
  articles: {
    externalId: { label: 'Id in the old desk', required: true },
    title: { label: 'Title', required: true },
    type: { label: 'Type (how_to, runbook, recovery_procedure, …)', required: true },
    summary: { label: 'Summary', required: false },
    body: { label: 'Body (Markdown)', required: false },
    visibility: { label: 'Visibility (public or staff)', required: false },
    owner: { label: "Owner party's name", required: false },
    reviewDueOn: { label: 'Review due (2027-03-31)', required: false },
  },
  invitations: {
    email: { label: 'E-mail address', required: true },
    role: { label: 'Role (lead, agent, viewer, requester)', required: true },
    party: { label: "Party's name (empty for requesters)", required: false },
  },
  accounts: {
    externalId: { label: 'Id in the old desk', required: true },
    system: { label: "System's name", required: true },
    accountName: { label: 'Account name', required: true },
    tier: { label: 'Tier (standard, admin, global_admin, break_glass)', required: true },
    holder: { label: "Holder's e-mail (staff; empty if shared)", required: false },
    mfa: { label: 'Multi-factor (yes, no, unknown)', required: false },
    expiresOn: { label: 'Expires on (2027-03-31)', required: false },
    notes: { label: 'Notes', required: false },
  },
};

/** What each kind creates, for the summaries (singular, then plural). */
export const NOUNS: Record<ImportKind, [string, string]> = {
  tickets: ['ticket', 'tickets'],
  systems: ['system', 'systems'],
  articles: ['draft article', 'draft articles'],
  invitations: ['invitation', 'invitations'],
  accounts: ['privileged account', 'privileged accounts'],
};

export type PastImport = Wire<ImportHistory>['items'][number];

export function useRunImport(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportBody) => api<Report>(`${wsPath(slug)}/imports`, { method: 'POST', body }),
    onSuccess: (report) => {
      if (!report.dryRun) void queryClient.invalidateQueries({ queryKey: ['imports', slug] });
    },
  });
}

/** The workspace's last committed imports (the internal lead's; others are refused). */
export function useImportHistory(slug: string) {
  return useQuery({
    queryKey: ['imports', slug],
    queryFn: ({ signal }) => api<Wire<ImportHistory>>(`${wsPath(slug)}/imports`, { signal }),
  });
}
