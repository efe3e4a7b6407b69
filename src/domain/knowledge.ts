import { diffLines } from 'diff';
import type { WorkspaceActor } from './actor.ts';
import { isInternalLead, isStaff } from './actor.ts';

export type ArticleStatus = 'draft' | 'published' | 'needs_review' | 'retired';

const NEXT_STATUSES: Record<ArticleStatus, ArticleStatus[]> = {
  draft: ['published', 'retired'],
  published: ['needs_review', 'retired', 'draft'],
  needs_review: ['published', 'retired', 'draft'],
  retired: ['draft'],
};

export const allowedNextArticleStatuses = (from: ArticleStatus) => NEXT_STATUSES[from];
export const canMoveArticle = (from: ArticleStatus, to: ArticleStatus) =>
  from === to || NEXT_STATUSES[from].includes(to);

/** Statuses that put an article in front of readers, and so make it the owner's responsibility. */
const LIVE: ArticleStatus[] = ['published', 'needs_review'];

/** An article in use whose review date has passed (today is a calendar date, YYYY-MM-DD). */
export function isStale(article: { status: ArticleStatus; reviewDueOn: string | null }, today: string) {
  return LIVE.includes(article.status) && article.reviewDueOn !== null && article.reviewDueOn < today;
}

/** Whether a review reminder is due for the current review date and has not been sent for it. */
export function isReminderDue(
  article: { status: ArticleStatus; reviewDueOn: string | null; reviewRemindedOn: string | null },
  today: string,
) {
  return (
    LIVE.includes(article.status) &&
    article.reviewDueOn !== null &&
    article.reviewDueOn <= today &&
    article.reviewRemindedOn !== article.reviewDueOn
  );
}

/**
 * The publication rule: any staff member of a party (lead or agent) drafts and edits drafts;
 * publishing, retiring, changing a published article and handing it to another owner party
 * belong to staff of the owner party and to the internal lead.
 */
export const canDraftArticles = (actor: WorkspaceActor) => isStaff(actor) && actor.role !== 'viewer';
export const canPublishArticle = (actor: WorkspaceActor, article: { ownerPartyId: string }) =>
  canDraftArticles(actor) && (actor.partyId === article.ownerPartyId || isInternalLead(actor));

/** Requesters read only published public articles; staff read everything. */
export const canReadArticle = (
  actor: WorkspaceActor,
  article: { status: ArticleStatus; visibility: 'public' | 'staff' },
) => isStaff(actor) || (article.status === 'published' && article.visibility === 'public');

export type DiffSegment = { kind: 'same' | 'added' | 'removed'; text: string };

/** Line diff from one text to another; unchanged runs longer than `context` lines are folded. */
export function diffTexts(from: string, to: string, context = 3): DiffSegment[] {
  const segments: DiffSegment[] = [];
  for (const change of diffLines(from, to)) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    let text = change.value;
    if (kind === 'same') {
      const lines = text.split('\n');
      if (text.endsWith('\n')) lines.pop();
      if (lines.length > context * 2 + 1) {
        const head = segments.length === 0 ? [] : lines.slice(0, context);
        const tail = lines.slice(-context);
        const folded = lines.length - head.length - tail.length;
        text = `${[...head, `… ${folded} unchanged line${folded === 1 ? '' : 's'} …`, ...tail].join('\n')}\n`;
      }
    }
    segments.push({ kind, text });
  }
  return segments;
}

/** A pre-filled draft from a resolved ticket: problem, resolution and the conversation. */
export function draftFromTicket(input: {
  key: string;
  subject: string;
  description: string;
  serviceName: string | null;
  resolution: string | null;
  comments: Array<{ author: string; at: Date; body: string; visibility: string }>;
}) {
  const quote = (s: string) =>
    s
      .trim()
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n');
  const parts = [
    `## Problem`,
    '',
    input.description.trim() || input.subject,
    '',
    `## Resolution`,
    '',
    input.resolution?.trim() || '_Describe the steps that resolved it._',
    '',
    `## Steps`,
    '',
    '1. ',
    '',
  ];
  // The reply that resolved the ticket is already under "Resolution": not quoted a second time.
  const resolution = input.resolution?.trim();
  const conversation = input.comments.filter((c) => !resolution || c.body.trim() !== resolution);
  if (conversation.length > 0) {
    parts.push(`## From the conversation on ${input.key}`, '');
    for (const c of conversation) {
      parts.push(
        `**${c.author}**, ${c.at.toISOString().slice(0, 10)}${c.visibility === 'public' ? '' : ' (staff note)'}:`,
        '',
        quote(c.body),
        '',
      );
    }
  }
  return {
    title: input.subject.slice(0, 200),
    summary: `Written up from ${input.key}${input.serviceName ? ` (${input.serviceName})` : ''}.`,
    body: parts.join('\n').slice(0, 190_000),
  };
}

/**
 * Markdown's marks taken out of a fragment (a search snippet), leaving its words: headings,
 * emphasis, code ticks, quotes, list markers, images and links (their text kept).
 */
export function plainFromMarkdown(fragment: string): string {
  return fragment
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(^|\s)#{1,6}\s+/g, '$1')
    .replace(/(^|\n)[ \t]*>[ \t]?/g, '$1')
    .replace(/(^|\n)[ \t]*(?:[-*+]|\d+\.)[ \t]+/g, '$1')
    .replace(/(\*\*|__|\*|`+|~~)/g, '')
    .replace(/(^|\s)_([^_\s][^_]*)_(?=\s|$|[.,;:!?])/g, '$1$2')
    .replace(/[ \t]*\n[ \t\n]*/g, ' ');
}
