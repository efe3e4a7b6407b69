import { describe, expect, it } from 'vitest';
import { isOffboardingComplete, offboardingKey } from './offboarding.ts';

describe('offboarding', () => {
  it('completes when every task is done (at once when there are none)', () => {
    expect(isOffboardingComplete([])).toBe(true);
    expect(isOffboardingComplete([{ status: 'done' }, { status: 'open' }])).toBe(false);
    expect(isOffboardingComplete([{ status: 'done' }, { status: 'done' }])).toBe(true);
    expect(offboardingKey(4)).toBe('OFF-4');
  });
});
