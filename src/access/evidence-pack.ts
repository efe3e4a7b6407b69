import { stringify } from 'csv-stringify/sync';
import type { AccessReview, AccessReviewLine } from '../db/schema/access.ts';
import { reviewKey } from '../domain/access.ts';
import type { PersonRow } from './service/common.ts';

const COLUMNS = [
  'review',
  'system',
  'account',
  'person',
  'party',
  'tier',
  'mfa',
  'reviewer',
  'decision',
  'comment',
  'decided_by',
  'decided_at',
];

/** The evidence pack of a review as CSV: one row per account line with its decision. */
export function evidencePackCsv(found: {
  review: AccessReview;
  lines: AccessReviewLine[];
  people: Map<string, PersonRow>;
}) {
  const key = reviewKey(found.review.number);
  const name = (id: string | null) => (id ? (found.people.get(id)?.name ?? null) : null);
  return stringify(
    found.lines.map((l) => [
      key,
      l.snapshot.system,
      l.snapshot.accountName,
      l.snapshot.person ?? '',
      l.snapshot.party ?? '',
      l.snapshot.tier,
      l.snapshot.mfa,
      name(l.reviewerMembershipId) ?? 'Unknown',
      l.outcome ?? 'undecided',
      l.comment ?? '',
      name(l.decidedByMembershipId) ?? '',
      l.decidedAt?.toISOString() ?? '',
    ]),
    { header: true, columns: COLUMNS },
  );
}
