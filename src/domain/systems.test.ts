import { describe, expect, it } from 'vitest';
import { findDependencyCycle, transitiveDependencies } from './systems.ts';

const edges = (...pairs: string[]) =>
  pairs.map((p) => {
    const [from, to] = p.split('>');
    return { from: from!, to: to! };
  });

describe('findDependencyCycle', () => {
  it.each([
    { name: 'no edges', existing: [], from: 'a', to: 'b', cycle: null },
    { name: 'self dependency', existing: [], from: 'a', to: 'a', cycle: ['a', 'a'] },
    { name: 'direct back edge', existing: edges('b>a'), from: 'a', to: 'b', cycle: ['a', 'b', 'a'] },
    {
      name: 'three-step cycle',
      existing: edges('b>c', 'c>a'),
      from: 'a',
      to: 'b',
      cycle: ['a', 'b', 'c', 'a'],
    },
    { name: 'diamond is fine', existing: edges('a>b', 'a>c', 'b>d', 'c>d'), from: 'a', to: 'd', cycle: null },
    { name: 'unrelated cycle elsewhere', existing: edges('x>y', 'y>x'), from: 'a', to: 'x', cycle: null },
    {
      name: 'longer path through a branch',
      existing: edges('b>x', 'b>c', 'c>d', 'd>a'),
      from: 'a',
      to: 'b',
      cycle: ['a', 'b', 'c', 'd', 'a'],
    },
  ])('$name', ({ existing, from, to, cycle }) => {
    expect(findDependencyCycle(existing, from, to)).toEqual(cycle);
  });
});

describe('transitiveDependencies', () => {
  it('follows every level once', () => {
    expect(transitiveDependencies(edges('a>b', 'b>c', 'a>c', 'c>d'), 'a').sort()).toEqual(['b', 'c', 'd']);
  });
});
