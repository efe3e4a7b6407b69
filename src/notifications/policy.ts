import { isInternalLead, type WorkspaceActor } from '../domain/actor.ts';
import { Forbidden } from '../server/errors.ts';

/** Everyone reads and tidies their own notifications; endpoints and delivery logs are the internal lead's. */
export type NotificationAction = 'readOwn' | 'manageWebhooks' | 'viewDeliveryLog';

export const canNotification = (actor: WorkspaceActor, action: NotificationAction) => {
  switch (action) {
    case 'readOwn':
      return true;
    case 'manageWebhooks':
    case 'viewDeliveryLog':
      return isInternalLead(actor) || actor.isAdmin;
  }
};

export function assertCanNotification(actor: WorkspaceActor, action: NotificationAction) {
  if (canNotification(actor, action)) return;
  throw new Forbidden(
    action === 'manageWebhooks'
      ? 'Only the internal IT lead or an administrator may manage webhook endpoints.'
      : 'Only the internal IT lead or an administrator may read the delivery log.',
    'NOTIFICATION_ADMIN_REQUIRED',
  );
}

export const notificationAbilities = (actor: WorkspaceActor) => ({
  manageWebhooks: canNotification(actor, 'manageWebhooks'),
  viewDeliveryLog: canNotification(actor, 'viewDeliveryLog'),
});
