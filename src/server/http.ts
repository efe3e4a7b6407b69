import { z } from 'zod';

/** Shared HTTP pieces every area's routes use; no area imports another area's routes. */

export const WorkspaceParamsSchema = z.strictObject({ workspace: z.string().min(1).max(100) });

/** A comma-separated query list of known values (`?status=new,triaged`). */
export const csvEnumList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));
