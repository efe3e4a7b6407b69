import { presentRaisedAction } from '../backlog/presenter.ts';
import type { ServiceReview } from '../db/schema/reviews.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import { backlogKey } from '../domain/incidents.ts';
import {
  type Cadence,
  type PackSectionId,
  periodLabel,
  serviceReviewKey as reviewKey,
  SECTION_TITLES,
} from '../domain/measures.ts';
import type { ReviewDetail, ReviewSummary } from './contract.ts';
import type { PackDocument } from './export/document.ts';
import { reviewAbilities } from './policy.ts';
import type { getReview } from './service/read.ts';

type Found = Awaited<ReturnType<typeof getReview>>;

export function presentReviewSummary(r: ServiceReview): ReviewSummary {
  return {
    id: r.id,
    key: reviewKey(r.number),
    number: r.number,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    periodLabel: periodLabel({ start: r.periodStart, end: r.periodEnd }),
    cadence: r.cadence as Cadence,
    status: r.status,
    heldOn: r.heldOn,
    createdAt: r.createdAt,
  };
}

/** The section an action was agreed in, read back from its label ("REV-3 · Risks"). */
const sectionOf = (label: string | null) => {
  const title = label?.split(' · ')[1];
  return (
    (Object.entries(SECTION_TITLES).find(([, t]) => t === title)?.[0] as PackSectionId | undefined) ?? null
  );
};

export function presentReviewDetail(actor: WorkspaceActor, found: Found): ReviewDetail {
  const { review } = found;
  return {
    ...presentReviewSummary(review),
    heldAt: review.heldAt,
    attendees: review.attendees,
    pack: found.pack,
    frozen: review.status === 'held',
    commentary: found.commentary.map(({ c, partyName, partyKind }) => ({
      section: c.section as PackSectionId,
      party: { id: c.partyId, name: partyName, kind: partyKind },
      author: found.names.get(c.authorMembershipId) ?? null,
      body: c.body,
      updatedAt: c.updatedAt,
    })),
    actions: found.actions.map((a) => ({
      ...presentRaisedAction(a),
      section: sectionOf(a.item.sourceLabel),
    })),
    parties: found.parties,
    abilities: reviewAbilities(actor, review),
    version: review.version,
  };
}

/** What the PDF, Markdown and HTML exports print besides the pack. */
export function presentDocument(found: Found): PackDocument {
  return {
    key: reviewKey(found.review.number),
    status: found.review.status,
    heldOn: found.review.heldOn,
    attendees: found.review.attendees,
    commentary: found.commentary.map(({ c, partyName }) => ({
      section: c.section,
      party: partyName,
      author: found.names.get(c.authorMembershipId) ?? null,
      body: c.body,
    })),
    actions: found.actions.map(({ item, ownerName }) => ({
      key: backlogKey(item.number),
      title: item.title,
      owner: ownerName,
      section: sectionOf(item.sourceLabel),
    })),
  };
}
