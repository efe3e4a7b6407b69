import { describe, expect, it } from 'vitest';
import { demoSignInHelp, people } from './seed.ts';

describe('the start-up banner', () => {
  const accountLines = demoSignInHelp('http://localhost:3000')
    .split('\n')
    .filter((l) => l.includes('@'));

  it('lists every demo account, priya included', () => {
    const listed = accountLines.map((l) => l.trim().split(' ')[0]);
    expect(listed.sort()).toEqual(
      Object.values(people)
        .map((p) => p.email)
        .sort(),
    );
  });

  it('starts every description in the same column', () => {
    const descriptionStarts = accountLines.map((l) => {
      const afterEmail = l.indexOf('@') + l.slice(l.indexOf('@')).indexOf(' ');
      return afterEmail + l.slice(afterEmail).search(/\S/);
    });
    expect(new Set(descriptionStarts).size).toBe(1);
  });
});
