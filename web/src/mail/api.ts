import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ChannelResponse,
  MailOverview,
  MessageResponse,
  MessagesResponse,
} from '../../../src/mail/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { wsPath } from '../workspaces/api';

export type MailChannels = Wire<MailOverview>;
export type MailChannel = MailChannels['channels'][number];
export type MailMessage = Wire<MessagesResponse>['items'][number];

export function useMailChannels(slug: string) {
  return useQuery({
    queryKey: ['mail', slug, 'channels'],
    queryFn: ({ signal }) => api<MailChannels>(`${wsPath(slug)}/mail/channels`, { signal }),
    // A mailbox's connection state changes on its own (connected, failing): keep the page current.
    refetchInterval: 10_000,
  });
}

export function useMailEvents(slug: string) {
  return useQuery({
    queryKey: ['mail', slug, 'events'],
    queryFn: ({ signal }) => api<Wire<MessagesResponse>>(`${wsPath(slug)}/mail/events?limit=50`, { signal }),
    refetchInterval: 10_000,
  });
}

export function useQuarantine(slug: string) {
  return useQuery({
    queryKey: ['mail', slug, 'quarantine'],
    queryFn: ({ signal }) => api<Wire<MessagesResponse>>(`${wsPath(slug)}/mail/quarantine`, { signal }),
  });
}

/** Adds a mail channel: an SMTP address the server receives on, or an IMAP mailbox it polls. */
function useAddChannel<Input extends object>(slug: string, kind: 'smtp' | 'imap') {
  const queryClient = useQueryClient();
  const key = useIdempotencyKey();
  return useMutation({
    mutationFn: (input: Input) => {
      const body = { kind, ...input };
      return api<Wire<ChannelResponse>>(`${wsPath(slug)}/mail/channels`, {
        method: 'POST',
        body,
        idempotencyKey: key(body),
      });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['mail', slug] }),
  });
}

export const useAddSmtpChannel = (slug: string) =>
  useAddChannel<{ name: string; addresses: string[]; catalogueItemId: string }>(slug, 'smtp');

export function useDecideQuarantine(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'release' | 'reject' }) =>
      api<Wire<MessageResponse>>(`${wsPath(slug)}/mail/quarantine/${id}/${decision}`, {
        method: 'POST',
        body: {},
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['mail', slug] }),
  });
}

export type ImapChannelInput = {
  name: string;
  host: string;
  port: number;
  tls: boolean;
  user: string;
  password: string;
  mailbox: string;
  catalogueItemId: string;
};

export const useAddImapChannel = (slug: string) => useAddChannel<ImapChannelInput>(slug, 'imap');

/** Pauses or resumes a channel (a paused IMAP mailbox is not polled; a paused address refuses mail). */
export function useSetChannelStatus(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (c: { id: string; version: number; status: 'active' | 'disabled' }) =>
      api<Wire<ChannelResponse>>(`${wsPath(slug)}/mail/channels/${c.id}`, {
        method: 'PATCH',
        body: { version: c.version, status: c.status },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['mail', slug] }),
  });
}

export function useRotateImapPassword(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) =>
      api<Wire<ChannelResponse>>(`${wsPath(slug)}/mail/channels/${id}/password`, {
        method: 'POST',
        body: { password },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['mail', slug] }),
  });
}

export function useDeleteChannel(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id }: { id: string }) =>
      api<void>(`${wsPath(slug)}/mail/channels/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['mail', slug] }),
  });
}
