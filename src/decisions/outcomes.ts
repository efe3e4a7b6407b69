import type { Tx } from '../db/client.ts';
import type { Decision, DecisionType } from '../db/schema/decisions.ts';
import type { WorkspaceContext } from '../server/context.ts';

/**
 * What a decision means elsewhere: an area that raises decision requests (a change asking for
 * approval) registers a handler for its decision types, and deciding or withdrawing the request
 * runs it inside the decision's own transaction, so both commit or neither does. A handler may
 * throw to refuse the outcome (e.g. the change would now fall in a freeze). Registering keeps
 * decisions free of imports from those areas.
 */
export type DecisionOutcome = 'approved' | 'rejected' | 'withdrawn';
export type DecisionOutcomeHandler = (
  tx: Tx,
  ctx: WorkspaceContext,
  decision: Decision,
  outcome: DecisionOutcome,
) => Promise<void>;

const handlers = new Map<string, DecisionOutcomeHandler[]>();

export function onDecisionOutcome(
  typeKeys: readonly string[],
  name: string,
  handler: DecisionOutcomeHandler,
) {
  for (const key of typeKeys) {
    const list = handlers.get(key) ?? [];
    // Registering twice (one app per test file) keeps one handler per name.
    const named = Object.assign(handler, { handlerName: name });
    handlers.set(key, [...list.filter((h) => (h as { handlerName?: string }).handlerName !== name), named]);
  }
}

export async function applyDecisionOutcome(
  tx: Tx,
  ctx: WorkspaceContext,
  type: Pick<DecisionType, 'key'>,
  decision: Decision,
  outcome: DecisionOutcome,
) {
  for (const handler of handlers.get(type.key) ?? []) await handler(tx, ctx, decision, outcome);
}
