import { ActionIcon, Menu, Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconUserCheck, IconUserCog, IconUserMinus, IconUserOff } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { OffboardDialog } from '../offboarding/offboard-dialog';
import { isApiError } from '../ui/api-client';
import { useApiForm } from '../ui/api-form';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type Role, type WorkspaceDetail } from '../ui/api-types';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Dialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { useWorkspace } from '../workspaces/api';
import { type Member, useChangeRole, useSetMemberActive } from './api';

type Action = 'role' | 'deactivate' | 'reactivate' | 'offboard';
const ROLE_FIELDS = ['role'] as const;

/** The actions the member's abilities allow, behind one menu button; nothing at all when none are. */
export function MemberActions({ slug, member }: { slug: string; member: Member }) {
  // The action stays set while its dialog closes, so the closing dialog keeps its title.
  const [action, setAction] = useState<Action>('role');
  const [opened, setOpened] = useState(false);
  const open = (next: Action) => {
    setAction(next);
    setOpened(true);
  };
  const close = () => setOpened(false);
  const { abilities } = member;
  const canChangeRole = abilities.changeRole === true && member.status === 'active';
  const canDeactivate = abilities.deactivate === true && member.status === 'active';
  const canReactivate = abilities.reactivate === true && member.status === 'deactivated';
  if (!canChangeRole && !canDeactivate && !canReactivate) return null;

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${member.account.name}`}>
            <IconDots size={18} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {canChangeRole && (
            <Menu.Item leftSection={<IconUserCog size={16} aria-hidden />} onClick={() => open('role')}>
              Change role
            </Menu.Item>
          )}
          {canDeactivate && (
            <Menu.Item
              color="red"
              leftSection={<IconUserOff size={16} aria-hidden />}
              onClick={() => open('deactivate')}
            >
              Deactivate
            </Menu.Item>
          )}
          {canDeactivate && (
            <Menu.Item
              color="red"
              leftSection={<IconUserMinus size={16} aria-hidden />}
              onClick={() => open('offboard')}
            >
              Offboard…
            </Menu.Item>
          )}
          {canReactivate && (
            <Menu.Item
              leftSection={<IconUserCheck size={16} aria-hidden />}
              onClick={() => open('reactivate')}
            >
              Reactivate
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <Dialog opened={opened && action === 'role'} onClose={close}>
        <ChangeRole slug={slug} member={member} onClose={close} />
      </Dialog>
      <OffboardDialog
        slug={slug}
        member={opened && action === 'offboard' ? { id: member.id, name: member.account.name } : null}
        onClose={close}
      />
      <ActiveDialog
        opened={opened && (action === 'deactivate' || action === 'reactivate')}
        slug={slug}
        member={member}
        active={action === 'reactivate'}
        onClose={close}
      />
    </>
  );
}

function ActiveDialog({
  opened,
  slug,
  member,
  active,
  onClose,
}: {
  opened: boolean;
  slug: string;
  member: Member;
  active: boolean;
  onClose: () => void;
}) {
  const change = useSetMemberActive(slug);
  const name = member.account.name;
  const closeAndReset = () => {
    onClose();
    change.reset();
  };
  return (
    <ConfirmDialog
      opened={opened}
      title={active ? `Reactivate ${name}?` : `Deactivate ${name}?`}
      confirmLabel={active ? 'Reactivate' : 'Deactivate'}
      danger={!active}
      pending={change.isPending}
      error={change.error}
      onClose={closeAndReset}
      onConfirm={() =>
        change.mutate(
          { member, active },
          {
            onSuccess: () => {
              notifications.show({
                color: 'teal',
                message: `${name} is ${active ? 'active again' : 'deactivated'}.`,
              });
              closeAndReset();
            },
          },
        )
      }
    >
      {active
        ? `${name} will be able to sign in to this workspace again with their ${ROLE_LABELS[member.role].toLowerCase()} role.`
        : `${name} loses access to this workspace at once: their sessions and API tokens for it stop working. Their history stays. You can reactivate them later.`}
    </ConfirmDialog>
  );
}

/** Staff of a party are leads, agents or viewers; only the internal lead may make someone a lead. */
function rolesFor(member: Member, actor: WorkspaceDetail['membership'] | undefined): Role[] {
  if (!member.party) return ['requester'];
  const isInternalLead = actor?.role === 'lead' && actor.partyKind === 'internal';
  return isInternalLead ? ['lead', 'agent', 'viewer'] : ['agent', 'viewer'];
}

function ChangeRole({ slug, member, onClose }: { slug: string; member: Member; onClose: () => void }) {
  const actor = useWorkspace(slug).data?.membership;
  const change = useChangeRole(slug);
  const { form, formError } = useApiForm({ role: member.role }, change.error, ROLE_FIELDS);
  const { role } = form.values;
  const stale = isApiError(change.error, 'STALE_VERSION');

  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate(
      { member, role },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            message: `${member.account.name} is now ${role === 'agent' ? 'an' : 'a'} ${ROLE_LABELS[role].toLowerCase()}.`,
          });
          onClose();
        },
      },
    );
  }

  return (
    <DialogForm
      title={`Change the role of ${member.account.name}`}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Save role"
      pending={change.isPending}
      disabled={role === member.role}
      actionsGap="xs"
    >
      <Select
        label="Role"
        data={rolesFor(member, actor).map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        {...form.getInputProps('role')}
        allowDeselect={false}
        description={ROLE_DESCRIPTIONS[role]}
        data-autofocus
      />
      {member.party && (
        <Text size="sm" c="dimmed">
          Party: {member.party.name}
        </Text>
      )}
      <FormAlert
        message={
          stale
            ? 'Someone changed this member while you were looking. The list has been reloaded; check the role and try again.'
            : formError
        }
      />
    </DialogForm>
  );
}
