import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Wire } from '../../../src/server/http.ts';
import type {
  Attachment as AttachmentContract,
  QueueTicket as QueueTicketContract,
  SavedView as SavedViewContract,
} from '../../../src/tickets/contract.ts';
import { api, uploadFile } from '../ui/api-client';
import type { Items } from '../ui/api-types';
import { wsPath } from '../workspaces/api';
import type { TicketStatus, TicketSummary } from './types';

// Attachments, bulk changes, saved views and the cross-workspace queue (docs/api.md, "Service catalogue
// and tickets"). Kept apart from api.ts so each file stays small.

const ticketPath = (slug: string, key: string) => `${wsPath(slug)}/tickets/${encodeURIComponent(key)}`;

export type Attachment = Wire<AttachmentContract>;

/** The server refuses more than this before reading the body (413); the page checks first. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export const attachmentUrl = (slug: string, key: string, id: string) =>
  `${ticketPath(slug, key)}/attachments/${encodeURIComponent(id)}`;

export function useAttachments(slug: string, key: string) {
  return useQuery({
    queryKey: ['tickets', slug, 'attachments', key.toUpperCase()],
    queryFn: ({ signal }) => api<Items<Attachment>>(`${ticketPath(slug, key)}/attachments`, { signal }),
  });
}

export function useUploadAttachment(slug: string, key: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      uploadFile<{ attachment: Attachment }>(`${ticketPath(slug, key)}/attachments`, file, {
        filename: file.name,
      }),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: ['tickets', slug, 'attachments', key.toUpperCase()] }),
  });
}

export interface BulkChange {
  keys: string[];
  status?: TicketStatus;
  assigneeMembershipId?: string | null;
}

/** All the tickets change or none do; a refusal names the ticket that stopped it. */
export function useBulkUpdate(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkChange) =>
      api<Items<TicketSummary>>(`${wsPath(slug)}/tickets/bulk`, { method: 'POST', body }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['tickets', slug] }),
  });
}

export type ViewFilters = Record<string, string | number | boolean>;

export type SavedView = Wire<SavedViewContract>;

const viewsKey = (slug: string) => ['tickets', slug, 'views'];

export function useSavedViews(slug: string) {
  return useQuery({
    queryKey: viewsKey(slug),
    queryFn: ({ signal }) => api<Items<SavedView>>(`${wsPath(slug)}/views`, { signal }),
    staleTime: 60_000,
  });
}

export function useSaveView(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ idem, ...body }: { name: string; filters: ViewFilters; idem: string }) =>
      api<{ view: SavedView }>(`${wsPath(slug)}/views`, { method: 'POST', body, idempotencyKey: idem }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: viewsKey(slug) }),
  });
}

export function useDeleteView(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<void>(`${wsPath(slug)}/views/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: viewsKey(slug) }),
  });
}

export type QueueTicket = Wire<QueueTicketContract>;

/** Open tickets of my party's lane in every workspace I serve, most urgent first. */
export function useCrossQueue(limit = 100) {
  return useQuery({
    queryKey: ['queue', 'all-workspaces', limit],
    queryFn: ({ signal }) => api<Items<QueueTicket>>('/api/v1/queue', { signal, query: { limit } }),
  });
}
