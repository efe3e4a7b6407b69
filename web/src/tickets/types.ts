import type { z } from 'zod';
import type {
  CatalogueField as CatalogueFieldContract,
  CatalogueItem as CatalogueItemContract,
} from '../../../src/catalogue/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import type * as T from '../../../src/tickets/contract.ts';
// Shapes of the service desk answers, as docs/api.md ("Service catalogue and tickets") describes them.

export const TICKET_STATUSES = [
  'new',
  'triaged',
  'in_progress',
  'waiting_on_requester',
  'waiting_on_party',
  'resolved',
  'closed',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const LEVELS = ['high', 'medium', 'low'] as const;
export type Level = (typeof LEVELS)[number];

export type CommentVisibility = T.TicketComment['visibility'];
export type Lane = T.TicketSummary['lane'];
export type TicketSummary = Wire<T.TicketSummary>;
/** A queue row: the summary plus requester and the nearest SLA clock. */
export type TicketRow = Wire<T.TicketRow>;
export type QueueSla = Wire<T.QueueSla>;
/** A queue page with the server's time, for SLA countdowns. */
export type TicketPage = Wire<T.TicketPage>;
export type TicketAbilities = T.TicketAbilities;
export type Ticket = Wire<T.Ticket>;
export type TicketComment = Wire<T.TicketComment>;
export type TicketHandoff = Wire<T.TicketHandoff>;
export type TicketWatcher = T.TicketWatcher;
export type TicketDetail = Wire<T.TicketDetail>;
export type SearchHit = T.SearchHit;

export type Queue = 'mine' | 'lane' | 'joint' | 'all' | 'requested';
export type TicketSort = (typeof T.SORTS)[number];

/** The list route's query, as the API names it. */
export interface TicketListQuery {
  queue: Queue;
  status?: string;
  open?: 'true';
  priority?: string;
  serviceId?: string;
  assignee?: string;
  createdAfter?: string;
  createdBefore?: string;
  sort?: TicketSort;
}

export type FieldType = 'text' | 'textarea' | 'number' | 'date' | 'select' | 'checkbox';

export type CatalogueField = Wire<CatalogueFieldContract>;
export type CatalogueItem = Wire<CatalogueItemContract>;

/** The create-ticket body as the server reads it (defaults filled in by the server). */
export type NewTicket = z.input<typeof T.CreateTicketBodySchema>;
