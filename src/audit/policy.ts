import { isInternalLead, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

/** The audit log is read by the internal IT lead only (it names every person and address). */
export type AuditAction = 'read';

export function canAudit(actor: WorkspaceActor, action: AuditAction): boolean {
  switch (action) {
    case 'read':
      return isInternalLead(actor);
  }
}

const MESSAGES: Record<AuditAction, string> = {
  read: 'Only the internal IT lead may read the audit log.',
};

// The code stays WORKSPACE_RIGHT_REQUIRED: the right was the workspace's before audit had a policy.
export function assertCanAudit(actor: WorkspaceActor, action: AuditAction) {
  if (!canAudit(actor, action)) throw new Forbidden(MESSAGES[action], 'WORKSPACE_RIGHT_REQUIRED');
}

export function auditAbilities(actor: WorkspaceActor): Record<AuditAction, boolean> {
  return { read: canAudit(actor, 'read') };
}
