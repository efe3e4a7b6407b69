import { and, eq } from 'drizzle-orm';
import { engagements, engagementVersions } from '../db/schema/engagements.ts';

/** Joins an engagement to the version of its terms in force (for lists, readiness and reviews). */
export const currentVersionOf = and(
  eq(engagementVersions.engagementId, engagements.id),
  eq(engagementVersions.number, engagements.currentVersion),
);
