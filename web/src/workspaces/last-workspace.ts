import type { MembershipSummary } from '../ui/api-types';

const KEY = 'tandem.lastWorkspace';

export function rememberWorkspace(slug: string): void {
  try {
    localStorage.setItem(KEY, slug);
  } catch {
    // Storage can be off (private mode); remembering is only a convenience.
  }
}

function rememberedWorkspace(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** The workspace to open: the one used last if the account still belongs to it, else the first. */
export function preferredWorkspace(memberships: MembershipSummary[]): string | null {
  const remembered = rememberedWorkspace();
  if (remembered && memberships.some((m) => m.workspace.slug === remembered)) return remembered;
  return memberships[0]?.workspace.slug ?? null;
}
