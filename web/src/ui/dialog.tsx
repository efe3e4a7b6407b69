import { Modal, type ModalRootProps } from '@mantine/core';
import type { ComponentType, ReactNode } from 'react';

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

/**
 * The dialog of a form whose typing a stray click must not throw away: `formDialog(NewItemForm, 'lg')`
 * is a component that takes the form's own props and `opened`, and closes through the form's `onClose`.
 */
export function formDialog<FormProps extends { onClose: () => void }>(
  Form: ComponentType<FormProps>,
  size?: ModalRootProps['size'],
) {
  return function FormDialog({ opened, ...formProps }: FormProps & { opened: boolean }) {
    // What is left once `opened` is taken out is the form's props; TypeScript cannot follow a rest of a generic.
    return (
      <Dialog opened={opened} onClose={formProps.onClose} size={size} closeOnClickOutside={false}>
        <Form {...(formProps as unknown as FormProps)} />
      </Dialog>
    );
  };
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
