import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.ts';

/** Names and identifiers from ../shared/reference, copied into governance-reference.json. */
export type GovernanceReference = {
  csfFunctions: { id: string; name: string; categories: { id: string; name: string }[] }[];
  cyberEssentialsControls: { key: string; name: string }[];
  controls: {
    key: string;
    name: string;
    cadence: string;
    csfCategories: string[];
    cyberEssentialsControls: string[];
    services: string[];
    evidence: string[];
  }[];
};

let cache: GovernanceReference | undefined;
export function governanceReference(): GovernanceReference {
  cache ??= JSON.parse(
    readFileSync(join(packageRoot, 'src/defaults/governance-reference.json'), 'utf8'),
  ) as GovernanceReference;
  return cache;
}

export const csfCategoryName = (id: string) =>
  governanceReference()
    .csfFunctions.flatMap((f) => f.categories)
    .find((c) => c.id === id)?.name ?? null;
export const ceControlName = (key: string) =>
  governanceReference().cyberEssentialsControls.find((c) => c.key === key)?.name ?? null;

/** The display name of a control reference (default control key, `ce:<key>`, CSF category), or null if unknown. */
export function controlRefName(ref: string): string | null {
  if (ref.startsWith('ce:')) {
    const name = ceControlName(ref.slice(3));
    return name && `Cyber Essentials: ${name}`;
  }
  const csf = csfCategoryName(ref);
  if (csf) return `${ref} ${csf}`;
  return governanceReference().controls.find((c) => c.key === ref)?.name ?? null;
}
