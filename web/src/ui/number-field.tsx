import { NumberInput, type NumberInputHandlers, type NumberInputProps, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useRef } from 'react';

/**
 * A NumberInput whose stepper buttons have accessible names ("Increase <label>"): Mantine's own
 * controls are unnamed. The arrow keys still step the value as before.
 */
export function NumberField(props: NumberInputProps) {
  const handlers = useRef<NumberInputHandlers>(null);
  const name = typeof props.label === 'string' ? props.label : (props['aria-label'] ?? 'the value');
  if (props.hideControls || props.readOnly || props.disabled) return <NumberInput {...props} />;
  const step = (direction: 'up' | 'down') => ({
    'aria-label': `${direction === 'up' ? 'Increase' : 'Decrease'} ${name}`,
    tabIndex: -1,
    onMouseDown: (event: React.MouseEvent) => event.preventDefault(),
    onClick: () => (direction === 'up' ? handlers.current?.increment() : handlers.current?.decrement()),
    style: { display: 'flex', justifyContent: 'center', height: '50%' },
  });
  return (
    <NumberInput
      {...props}
      handlersRef={handlers}
      hideControls
      rightSection={
        <div style={{ display: 'flex', flexDirection: 'column', height: '100%', width: '100%' }}>
          <UnstyledButton {...step('up')}>
            <IconChevronUp size={12} aria-hidden />
          </UnstyledButton>
          <UnstyledButton {...step('down')}>
            <IconChevronDown size={12} aria-hidden />
          </UnstyledButton>
        </div>
      }
    />
  );
}
