import { z } from 'zod';
import { HISTORY_BUILD_STATES } from '../db/schema/simulation.ts';

export const HistoryBuildSchema = z.object({
  state: z.enum(HISTORY_BUILD_STATES),
  months: z.number().int(),
  fromDay: z.string().meta({ description: 'first simulated day' }),
  untilDay: z.string().meta({ description: 'the day after the last simulated day' }),
  daysDone: z.number().int(),
  daysTotal: z.number().int(),
  error: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type HistoryBuildView = z.output<typeof HistoryBuildSchema>;

export const HistoryBuildResponseSchema = z.object({
  build: HistoryBuildSchema.nullable().meta({ description: 'the latest build, or null if none was made' }),
});
export type HistoryBuildResponse = z.output<typeof HistoryBuildResponseSchema>;
