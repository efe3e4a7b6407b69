export const CRITICALITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Criticality = (typeof CRITICALITIES)[number];
export const SYSTEM_KINDS = [
  'application',
  'infrastructure',
  'network',
  'data',
  'saas',
  'endpoint',
  'security',
  'other',
] as const;
export type SystemKind = (typeof SYSTEM_KINDS)[number];

export type DependencyEdge = { from: string; to: string };

/**
 * The cycle that adding `from -> to` (from depends on to) would close, as a path of ids starting
 * and ending at `from`; null when the edge is safe. Depth-first from `to` following existing edges.
 */
export function findDependencyCycle(edges: DependencyEdge[], from: string, to: string): string[] | null {
  if (from === to) return [from, from];
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.from);
    if (list) list.push(e.to);
    else next.set(e.from, [e.to]);
  }
  const seen = new Set<string>();
  const path: string[] = [];
  const visit = (node: string): boolean => {
    if (node === from) return true;
    if (seen.has(node)) return false;
    seen.add(node);
    path.push(node);
    for (const n of next.get(node) ?? []) if (visit(n)) return true;
    path.pop();
    return false;
  };
  return visit(to) ? [from, ...path, from] : null;
}

/** Every system reachable from `start` through dependencies (what it needs, transitively). */
export function transitiveDependencies(edges: DependencyEdge[], start: string): string[] {
  const out: string[] = [];
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const e of edges)
      if (e.from === node && !seen.has(e.to)) {
        seen.add(e.to);
        out.push(e.to);
        queue.push(e.to);
      }
  }
  return out;
}
