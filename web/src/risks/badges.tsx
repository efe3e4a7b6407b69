import { Badge, Group, Text } from '@mantine/core';
import { LEVEL_COLORS, LEVEL_LABELS, type Risk, type RiskLevel } from './api';

/** The level in words and colour, the score beside it (a badge would truncate both in a narrow column). */
export function LevelBadge({ level, score }: { level: RiskLevel; score?: number }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={LEVEL_COLORS[level]} variant="light" style={{ flexShrink: 0 }}>
        {LEVEL_LABELS[level]}
      </Badge>
      {score !== undefined && (
        <Text size="xs" c="dimmed" aria-label={`score ${score}`} style={{ overflowWrap: 'normal' }}>
          {score}
        </Text>
      )}
    </Group>
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
