import { Button, Kbd, Menu, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBolt } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { macroAssignsOutsideLane, macroRunsOn } from '../../../src/domain/macros';
import { errorMessage } from '../ui/error-display';
import { useApplyMacro, useMacros } from './api';

/** Typing in a field or working inside a dialog or menu keeps its keys; `m` elsewhere opens macros. */
function ownedByElement(event: KeyboardEvent) {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  if (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return true;
  return target.closest('[role="dialog"], [role="listbox"], [role="menu"]') !== null;
}

/**
 * "Apply macro" on the ticket page (shortcut `m`): one choice sets status and assignee, adds a
 * canned reply and hands off, as one change. A macro the ticket would refuse (it is closed; the macro
 * assigns it to you in another party's lane) is greyed out with the reason; a refusal the server still
 * gives says which step and why, and nothing changed.
 */
export function MacroMenu({
  slug,
  ticketKey,
  ticketStatus,
  version,
  lane,
  myPartyId,
}: {
  slug: string;
  ticketKey: string;
  ticketStatus: string;
  version: number;
  /** The ticket's lane (null: joint triage), for the macros that assign it to the person applying them. */
  lane: { partyId: string; name: string | null } | null;
  myPartyId: string | null;
}) {
  const [opened, setOpened] = useState(false);
  const macros = useMacros(slug);
  const apply = useApplyMacro(slug);
  const items = macros.data?.items ?? [];

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'm' || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented)
        return;
      if (ownedByElement(event)) return;
      event.preventDefault();
      setOpened(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  function run(id: string, title: string) {
    apply.mutate(
      { id, ticket: ticketKey, version },
      {
        onSuccess: (done) =>
          notifications.show({
            color: 'teal',
            title: `${ticketKey}: “${title}” applied`,
            message: done.steps.join(' · ') || 'Nothing needed changing.',
          }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Macro not applied', message: errorMessage(error) }),
      },
    );
  }

  return (
    <Menu opened={opened} onChange={setOpened} position="bottom-end" width={340} withinPortal>
      <Menu.Target>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconBolt size={14} aria-hidden />}
          rightSection={<Kbd size="xs">m</Kbd>}
          loading={apply.isPending}
          aria-keyshortcuts="m"
        >
          Apply macro
        </Button>
      </Menu.Target>
      <Menu.Dropdown aria-label="Macros">
        {macros.isPending && <Menu.Label>Loading macros…</Menu.Label>}
        {macros.isError && <Menu.Label>Macros not loaded: {errorMessage(macros.error)}</Menu.Label>}
        {macros.isSuccess && items.length === 0 && (
          <Menu.Label>
            No macros yet. A party’s lead adds them on the Macros page; they then appear here.
          </Menu.Label>
        )}
        {items.map((m) => {
          const refusal = !macroRunsOn(m, ticketStatus)
            ? 'Not on a closed ticket: this macro does not reopen it.'
            : macroAssignsOutsideLane(m, lane?.partyId ?? null, myPartyId)
              ? `It assigns the ticket to you, but the ticket is in ${lane?.name ?? 'another party'}’s lane: hand it off to your party first.`
              : null;
          return (
            <Menu.Item key={m.id} disabled={refusal !== null} onClick={() => run(m.id, m.title)}>
              <Text size="sm" fw={600}>
                {m.title}
              </Text>
              <Text size="xs" c="dimmed">
                {m.summary}
              </Text>
              {refusal && (
                <Text size="xs" c="dimmed" fs="italic">
                  {refusal}
                </Text>
              )}
            </Menu.Item>
          );
        })}
      </Menu.Dropdown>
    </Menu>
  );
}
