import { EventEmitter } from 'node:events';

/**
 * In-process news that a mail channel changed (added, paused, password rotated, deleted), so this
 * instance's IMAP pollers look again now rather than at their next rescan; other instances see it
 * at theirs.
 */
const signal = new EventEmitter();
signal.setMaxListeners(0);

export const announceChannelsChanged = () => {
  signal.emit('changed');
};

export function onChannelsChanged(listener: () => void) {
  signal.on('changed', listener);
  return () => {
    signal.off('changed', listener);
  };
}
