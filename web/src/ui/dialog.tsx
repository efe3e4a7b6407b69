import { Modal, type ModalRootProps } from '@mantine/core';
import type { ReactNode } from 'react';

interface DialogProps {
  opened: boolean;
  onClose: () => void;
  size?: ModalRootProps['size'];
  /** Off for dialogs whose form or one-time secret a stray click must not throw away. */
  closeOnClickOutside?: boolean;
  /**
   * The dialog's content, mounted only while it is open, so each opening starts with fresh state.
   * It renders its own DialogHeader, whose title may follow that state.
   */
  children: ReactNode;
}

/**
 * A modal that stays mounted and is opened and closed through `opened`, so Mantine moves focus back to
 * the button that opened it (a modal that is unmounted instead leaves focus on the page body).
 */
export function Dialog({ opened, onClose, size = 'md', closeOnClickOutside = true, children }: DialogProps) {
  return (
    <Modal.Root
      opened={opened}
      onClose={onClose}
      centered
      size={size}
      closeOnClickOutside={closeOnClickOutside}
    >
      <Modal.Overlay />
      <Modal.Content>{children}</Modal.Content>
    </Modal.Root>
  );
}

export function DialogHeader({ title }: { title: ReactNode }) {
  return (
    <Modal.Header>
      <Modal.Title fw={600}>{title}</Modal.Title>
      <Modal.CloseButton aria-label="Close" />
    </Modal.Header>
  );
}

export const DialogBody = Modal.Body;
