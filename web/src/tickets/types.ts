import type {
  CatalogueField as CatalogueFieldContract,
  CatalogueItem as CatalogueItemContract,
} from '../../../src/catalogue/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
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

export type CommentVisibility = 'public' | 'staff' | 'party';

export type Lane = { kind: 'party'; partyId: string; name: string | null } | { kind: 'joint' };

export interface TicketSummary {
  id: string;
  key: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  service: { id: string; name: string | null };
  lane: Lane;
  assignee: { membershipId: string; name: string | null } | null;
  handoffCount: number;
  bouncing: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TicketAbilities {
  comment?: boolean;
  commentInternal?: boolean;
  update?: boolean;
  assign?: boolean;
  handOff?: boolean;
  logTime?: boolean;
  watch?: boolean;
  rate?: boolean;
  reopen?: boolean;
  nextStatuses?: TicketStatus[];
}

export interface Ticket extends TicketSummary {
  description: string;
  fieldValues: Record<string, unknown>;
  catalogueItemId: string | null;
  category: string | null;
  impact: Level;
  urgency: Level;
  requester: { membershipId: string; name: string | null };
  /** Staff only; null for requesters. */
  routingReason: string | null;
  minutesSpent: number | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  rating: number | null;
  ratingComment: string | null;
  abilities: TicketAbilities;
}

export interface TicketComment {
  id: string;
  body: string;
  visibility: CommentVisibility;
  /** The party a party-only note belongs to. */
  partyId: string | null;
  /** A requester's reply has no party. */
  author: { membershipId: string; name: string | null; partyId: string | null; partyName: string | null };
  createdAt: string;
}

export interface TicketHandoff {
  id: string;
  fromPartyId: string | null;
  toPartyId: string | null;
  reason: string;
  /** Who made the handoff, and the party they were in when the page loaded. */
  by: { membershipId: string; name: string | null; partyId: string | null; partyName: string | null };
  createdAt: string;
}

export interface TicketWatcher {
  partyId: string;
  name: string;
  kind: 'internal' | 'provider';
  /** Added by routing (Informed) or by a handoff, rather than by a person. */
  automatic: boolean;
}

export interface TicketDetail {
  ticket: Ticket;
  comments: TicketComment[];
  handoffs: TicketHandoff[];
  watcherPartyIds: string[];
  watchers: TicketWatcher[];
  /** Staff only: the major incidents the ticket is linked to. */
  incidents?: { key: string; title: string; status: 'open' | 'resolved' }[];
  timeByParty: { partyId: string; minutes: number }[];
}

export interface SearchHit {
  id: string;
  key: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  rank: number;
  snippet: { text: string; highlight: boolean }[];
}

export type Queue = 'mine' | 'lane' | 'joint' | 'all' | 'requested';
export type TicketSort = 'updated' | 'created' | 'priority';

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

export interface NewTicket {
  catalogueItemId?: string;
  serviceId?: string;
  subject: string;
  description: string;
  impact?: Level;
  urgency?: Level;
  fieldValues?: Record<string, unknown>;
  requesterMembershipId?: string;
}
