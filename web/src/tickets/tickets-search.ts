import {
  PRIORITIES,
  type Priority,
  TICKET_STATUSES,
  type TicketListQuery,
  type TicketSort,
  type TicketStatus,
} from './types';

export type StaffQueue = 'mine' | 'lane' | 'joint' | 'all';

export interface TicketsSearch {
  /** Default: "mine" (My work). */
  queue?: StaffQueue;
  status?: TicketStatus[];
  /** Open tickets only is the default; false shows resolved and closed too. */
  open?: false;
  priority?: Priority[];
  serviceId?: string;
  /** A membership id, or "none" for unassigned. */
  assignee?: string;
  /** Local dates, YYYY-MM-DD, as the date inputs give them. */
  from?: string;
  to?: string;
  /** Default: defaultSortFor(queue); only a different choice is kept in the URL. */
  sort?: TicketSort;
  /** Queue-table columns hidden by the person (saved views keep them with the sort). */
  hide?: QueueColumn[];
  /** Full-text search; while set, the page shows ranked results instead of the queue. */
  q?: string;
}

/** The queue table's optional columns; key and subject are always shown. */
export const QUEUE_COLUMNS = [
  'requester',
  'service',
  'lane',
  'assignee',
  'status',
  'priority',
  'sla',
  'updated',
] as const;
export type QueueColumn = (typeof QUEUE_COLUMNS)[number];
export const COLUMN_LABELS: Record<QueueColumn, string> = {
  requester: 'Requester',
  service: 'Service',
  lane: 'Lane',
  assignee: 'Assignee',
  status: 'Status',
  priority: 'Priority',
  sla: 'SLA',
  updated: 'Updated',
};

const SORTS: readonly TicketSort[] = ['updated', 'created', 'priority', 'sla_due'];

/** A lane is worked in the order its SLA clocks run out; my work and everything by last update. */
export const defaultSortFor = (queue: StaffQueue): TicketSort =>
  queue === 'lane' || queue === 'joint' ? 'sla_due' : 'updated';

const QUEUES: readonly string[] = ['mine', 'lane', 'joint', 'all'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

function listOf<T extends string>(value: unknown, allowed: readonly T[]): T[] | undefined {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const out = [...new Set(raw.filter((v): v is T => allowed.includes(v as T)))];
  return out.length > 0 ? out : undefined;
}

/** Queue, filters and search live in the URL so a view can be reloaded, shared and gone back to. */
export function validateTicketsSearch(search: Record<string, unknown>): TicketsSearch {
  const out: TicketsSearch = {};
  if (typeof search.queue === 'string' && QUEUES.includes(search.queue))
    out.queue = search.queue as StaffQueue;
  const status = listOf(search.status, TICKET_STATUSES);
  if (status) out.status = status;
  if (search.open === false || search.open === 'false') out.open = false;
  const priority = listOf(search.priority, PRIORITIES);
  if (priority) out.priority = priority;
  const serviceId = text(search.serviceId);
  if (serviceId) out.serviceId = serviceId;
  const assignee = text(search.assignee);
  if (assignee) out.assignee = assignee;
  for (const key of ['from', 'to'] as const) {
    const value = search[key];
    if (typeof value === 'string' && DATE.test(value)) out[key] = value;
  }
  if (typeof search.sort === 'string' && (SORTS as readonly string[]).includes(search.sort))
    out.sort = search.sort as TicketSort;
  const hide = listOf(search.hide, QUEUE_COLUMNS);
  if (hide) out.hide = hide;
  const q = text(search.q);
  if (q) out.q = q.slice(0, 200);
  return out;
}

export const isFiltered = (s: TicketsSearch) =>
  Boolean(s.status || s.open === false || s.priority || s.serviceId || s.assignee || s.from || s.to);

/** The API wants instants; the page picks whole local days, from the start of one to the end of the other. */
export function toListQuery(s: TicketsSearch): TicketListQuery {
  const queue = s.queue ?? 'mine';
  return {
    queue,
    status: s.status?.join(','),
    // Chosen statuses say exactly what to show; "open only" applies when none are chosen.
    open: !s.status && s.open !== false ? 'true' : undefined,
    priority: s.priority?.join(','),
    serviceId: s.serviceId,
    assignee: queue === 'mine' ? undefined : s.assignee,
    createdAfter: s.from ? new Date(`${s.from}T00:00:00`).toISOString() : undefined,
    createdBefore: s.to ? new Date(`${s.to}T23:59:59.999`).toISOString() : undefined,
    sort: s.sort ?? defaultSortFor(queue),
  };
}
