import { Badge } from '@mantine/core';
import { LEVEL_COLORS, LEVEL_LABELS, type Risk, type RiskLevel } from './api';

export function LevelBadge({ level, score }: { level: RiskLevel; score?: number }) {
  return (
    <Badge color={LEVEL_COLORS[level]} variant="light">
      {LEVEL_LABELS[level]}
      {score !== undefined && ` · ${score}`}
    </Badge>
  );
}

export function AcceptanceBadge({ acceptance }: { acceptance: Risk['acceptance'] }) {
  if (acceptance === 'none') return null;
  return acceptance === 'accepted' ? (
    <Badge color="teal" variant="light">
      Accepted
    </Badge>
  ) : (
    <Badge color="red" variant="filled">
      Acceptance expired
    </Badge>
  );
}

export const categoryText = (r: Pick<Risk, 'category'>) =>
  [
    r.category.csf && `${r.category.csf.id} ${r.category.csf.name ?? ''}`.trim(),
    r.category.cyberEssentials && `CE: ${r.category.cyberEssentials.name ?? r.category.cyberEssentials.key}`,
    r.category.custom,
  ]
    .filter(Boolean)
    .join(' · ');
