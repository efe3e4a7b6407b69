import { and, asc, eq } from 'drizzle-orm';
import { auditorFor } from '../../audit/record.ts';
import type { Tx } from '../../db/client.ts';
import { engagements, engagementVersions } from '../../db/schema/engagements.ts';
import { serviceReviews } from '../../db/schema/reviews.ts';
import { type Cadence, serviceReviewKey } from '../../domain/measures.ts';
import { currentVersionOf } from '../../engagements/queries.ts';
import { NotFound } from '../../server/errors.ts';

export const auditReview = auditorFor('service_review');

export async function loadReview(tx: Tx, workspaceId: string, number: number) {
  const [review] = await tx
    .select()
    .from(serviceReviews)
    .where(and(eq(serviceReviews.workspaceId, workspaceId), eq(serviceReviews.number, number)));
  if (!review) throw new NotFound(`No service review ${serviceReviewKey(number)}.`);
  return review;
}

/** The review cadence agreed in the (first) engagement's current terms; monthly without one. */
export async function cadenceOf(tx: Tx, workspaceId: string): Promise<Cadence> {
  const [row] = await tx
    .select({ terms: engagementVersions.terms })
    .from(engagements)
    .innerJoin(engagementVersions, currentVersionOf)
    .where(eq(engagements.workspaceId, workspaceId))
    .orderBy(asc(engagements.createdAt))
    .limit(1);
  return row?.terms.reviewCadence ?? 'monthly';
}
