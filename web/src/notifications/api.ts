import {
  infiniteQueryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  DeliveryPage,
  DeliveryView,
  EmailDeliveries,
  EndpointList,
  EndpointView,
  NotificationPage,
  NotificationView,
  Preferences as PreferencesView,
} from '../../../src/notifications/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import type { Items } from '../ui/api-types';
import { cursorPages } from '../ui/cursor-pages';
import { wsPath } from '../workspaces/api';

export type AppNotification = Wire<NotificationView>;
export type Preferences = Wire<PreferencesView>;
export type EventPreference = Preferences['events'][number];
export type EmailMode = EventPreference['email'];
export type WebhookEndpoint = Wire<EndpointView> &
  Partial<Omit<Wire<EndpointList>['items'][number], keyof EndpointView>>;
export type WebhookDelivery = Wire<DeliveryView>;
export type WebhookAttempt = WebhookDelivery['attemptLog'][number];
export type EmailDelivery = Wire<EmailDeliveries>['items'][number];

const keys = {
  all: (slug: string) => ['notifications', slug] as const,
  unread: (slug: string) => ['notifications', slug, 'unread'] as const,
  list: (slug: string, unreadOnly: boolean) => ['notifications', slug, 'list', unreadOnly] as const,
  preferences: (slug: string) => ['notification-preferences', slug] as const,
  webhooks: (slug: string) => ['webhooks', slug] as const,
  deliveries: (slug: string, id: string) => ['webhooks', slug, id, 'deliveries'] as const,
};

/** The bell's count: polled, so new notifications show up without a reload. */
export function useUnreadCount(slug: string | null) {
  return useQuery({
    queryKey: keys.unread(slug ?? ''),
    queryFn: ({ signal }) =>
      api<{ unread: number }>(`${wsPath(slug!)}/notifications/unread-count`, { signal }),
    enabled: slug !== null,
    refetchInterval: 30_000,
  });
}

export const notificationsQueryOptions = (slug: string, unreadOnly: boolean) =>
  infiniteQueryOptions({
    queryKey: keys.list(slug, unreadOnly),
    queryFn: ({ pageParam, signal }) =>
      api<Wire<NotificationPage>>(`${wsPath(slug)}/notifications`, {
        signal,
        query: { limit: 30, cursor: pageParam, ...(unreadOnly && { unread: 'true' }) },
      }),
    ...cursorPages,
  });

export const useNotifications = (slug: string, unreadOnly: boolean) =>
  useInfiniteQuery(notificationsQueryOptions(slug, unreadOnly));

export function useMarkRead(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<{ unread: number }>(`${wsPath(slug)}/notifications/${encodeURIComponent(id)}/read`, {
        method: 'POST',
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.all(slug) }),
  });
}

export function useMarkAllRead(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ marked: number }>(`${wsPath(slug)}/notifications/read-all`, { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.all(slug) }),
  });
}

export function usePreferences(slug: string | null) {
  return useQuery({
    queryKey: keys.preferences(slug ?? ''),
    queryFn: ({ signal }) => api<Preferences>(`${wsPath(slug!)}/notification-preferences`, { signal }),
    enabled: slug !== null,
  });
}

export function useSavePreferences(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { events?: Omit<EventPreference, 'label'>[]; digestHour?: number }) =>
      api<Preferences>(`${wsPath(slug)}/notification-preferences`, { method: 'PATCH', body }),
    onSuccess: (data) => queryClient.setQueryData(keys.preferences(slug), data),
  });
}

export function useEventCatalogue(slug: string) {
  return useQuery({
    queryKey: ['notification-events', slug],
    queryFn: ({ signal }) =>
      api<Items<{ event: string; label: string }>>(`${wsPath(slug)}/notification-events`, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useWebhooks(slug: string) {
  return useQuery({
    queryKey: keys.webhooks(slug),
    queryFn: ({ signal }) => api<Wire<EndpointList>>(`${wsPath(slug)}/webhooks`, { signal }),
  });
}

export function useCreateWebhook(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { url: string; description: string; events: string[] }) =>
      api<{ endpoint: WebhookEndpoint; secret: string }>(`${wsPath(slug)}/webhooks`, {
        method: 'POST',
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.webhooks(slug) }),
  });
}

export function useUpdateWebhook(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; version: number; active?: boolean; events?: string[] }) =>
      api<{ endpoint: WebhookEndpoint }>(`${wsPath(slug)}/webhooks/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.webhooks(slug) }),
  });
}

export function useDeleteWebhook(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<void>(`${wsPath(slug)}/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.webhooks(slug) }),
  });
}

export function useRotateSecret(slug: string) {
  return useMutation({
    mutationFn: (id: string) =>
      api<{ secret: string }>(`${wsPath(slug)}/webhooks/${encodeURIComponent(id)}/rotate-secret`, {
        method: 'POST',
      }),
  });
}

export function useDeliveries(slug: string, id: string | null) {
  return useQuery({
    queryKey: keys.deliveries(slug, id ?? ''),
    queryFn: ({ signal }) =>
      api<Wire<DeliveryPage>>(`${wsPath(slug)}/webhooks/${encodeURIComponent(id!)}/deliveries`, {
        signal,
        query: { limit: 50 },
      }),
    enabled: id !== null,
    // Deliveries are retried in the background: keep the log moving while it is open.
    refetchInterval: 5_000,
  });
}

export function useRedeliver(slug: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      api<unknown>(
        `${wsPath(slug)}/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`,
        { method: 'POST' },
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.deliveries(slug, id) }),
  });
}

export function usePing(slug: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<unknown>(`${wsPath(slug)}/webhooks/${encodeURIComponent(id)}/ping`, { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.deliveries(slug, id) }),
  });
}

export function useEmailDeliveries(slug: string) {
  return useQuery({
    queryKey: ['notification-deliveries', slug],
    queryFn: ({ signal }) =>
      api<Wire<EmailDeliveries>>(`${wsPath(slug)}/notification-deliveries`, { signal, query: { limit: 50 } }),
    refetchInterval: 10_000,
  });
}
