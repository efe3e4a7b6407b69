import { Kbd, Modal, Table } from '@mantine/core';
import { useEffect, useRef } from 'react';

export const QUEUE_SHORTCUTS: { keys: string[]; does: string }[] = [
  { keys: ['j'], does: 'Next ticket' },
  { keys: ['k'], does: 'Previous ticket' },
  { keys: ['Enter'], does: 'Open the marked ticket' },
  { keys: ['a'], does: 'Assign the marked ticket to me' },
  { keys: ['/'], does: 'Search tickets' },
  { keys: ['?'], does: 'Show these shortcuts' },
];

/** Typing in a field, or pressing Enter on a control, belongs to that element, not to the queue. */
function ownedByElement(event: KeyboardEvent) {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  if (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return true;
  if (target.closest('[role="dialog"], [role="listbox"], [role="menu"]')) return true;
  return event.key === 'Enter' && ['A', 'BUTTON'].includes(target.tagName);
}

export type QueueKeyHandlers = {
  move: (by: 1 | -1) => void;
  open: () => void;
  assignToMe: () => void;
  focusSearch: () => void;
  showHelp: () => void;
};

/** j/k/Enter/a/ / / ? on the desk queue; the handlers are read fresh on every key. */
export function useQueueKeys(handlers: QueueKeyHandlers, enabled: boolean) {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      if (ownedByElement(event)) return;
      const h = current.current;
      const act: Record<string, () => void> = {
        j: () => h.move(1),
        k: () => h.move(-1),
        Enter: h.open,
        a: h.assignToMe,
        '/': h.focusSearch,
        '?': h.showHelp,
      };
      const run = act[event.key];
      if (!run) return;
      event.preventDefault();
      run();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}

export function ShortcutsDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="sm">
      <Table aria-label="Keyboard shortcuts">
        <Table.Tbody>
          {QUEUE_SHORTCUTS.map((s) => (
            <Table.Tr key={s.does}>
              <Table.Td w={90}>
                {s.keys.map((k) => (
                  <Kbd key={k}>{k}</Kbd>
                ))}
              </Table.Td>
              <Table.Td>{s.does}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
