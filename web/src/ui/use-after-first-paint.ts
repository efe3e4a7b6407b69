import { startTransition, useEffect, useState } from 'react';

/**
 * False on the first render, true once the browser has painted it: a page renders what the reader
 * came for first and the parts beside or below it in a second, interruptible render (a transition),
 * instead of making the first paint wait for all of it.
 */
export function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    // The frame's callback runs before its paint; the task it queues runs after it.
    let timer: number | undefined;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => startTransition(() => setPainted(true)));
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, []);
  return painted;
}
