import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorState } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { ListSkeleton } from '../ui/loading';
import { QueryStatus } from '../ui/query-status';
import { TitledSection } from '../ui/titled-section';
import { useArticleDiff, useArticleVersions } from './api';
import type { DiffSegment } from './types';

/** Every version with who and when; any two can be compared. */
export function HistoryCard({
  slug,
  articleKey,
  version,
}: {
  slug: string;
  articleKey: string;
  version: number;
}) {
  const versions = useArticleVersions(slug, articleKey, true);
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);
  return (
    <TitledSection title="History" headingSize="h5">
      {!versions.isSuccess ? (
        <QueryStatus query={versions} rows={3} label="Loading versions" />
      ) : (
        <Stack gap={6} component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Versions">
          {versions.data.items.map((v) => (
            <li key={v.version}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <div>
                  <Text size="sm" fw={600}>
                    Version {v.version}
                    {v.version === version ? ' (current)' : ''}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {v.editedByName ?? 'Someone'} · {formatDateTime(v.createdAt)}
                    {v.note ? ` · ${v.note}` : ''}
                  </Text>
                </div>
                {v.version !== version && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    aria-label={`Compare version ${v.version} with the current one`}
                    style={{ flexShrink: 0 }}
                    onClick={() => setCompare({ from: v.version, to: version })}
                  >
                    Compare
                  </Button>
                )}
              </Group>
            </li>
          ))}
        </Stack>
      )}
      <Modal opened={compare !== null} onClose={() => setCompare(null)} size="xl" title="What changed">
        {compare && <DiffView slug={slug} articleKey={articleKey} from={compare.from} to={compare.to} />}
      </Modal>
    </TitledSection>
  );
}

function DiffView(props: { slug: string; articleKey: string; from: number; to: number }) {
  const diff = useArticleDiff(props.slug, props.articleKey, props.from, props.to);
  if (diff.isPending) return <ListSkeleton rows={4} label="Comparing versions" />;
  if (diff.isError) return <ErrorState error={diff.error} onRetry={() => void diff.refetch()} />;
  const d = diff.data;
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Version {d.from.version} → version {d.to.version}
      </Text>
      {d.fields.map((f) => (
        <Text key={f.field} size="sm">
          {f.field}: {f.from} → {f.to}
        </Text>
      ))}
      <Segments label="Title" segments={d.title} />
      <Segments label="Summary" segments={d.summary} />
      <Segments label="Body" segments={d.body} />
    </Stack>
  );
}

const COLOURS = {
  added: 'var(--mantine-color-teal-light)',
  removed: 'var(--mantine-color-red-light)',
  same: undefined,
};
const SIGNS = { added: '+ ', removed: '− ', same: '  ' };

function Segments({ label, segments }: { label: string; segments: DiffSegment[] }) {
  if (segments.every((s) => s.kind === 'same')) return null;
  return (
    <div>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <pre style={{ whiteSpace: 'pre-wrap', margin: 0, fontSize: 13 }}>
        {segments.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a diff's segments never reorder
          <div key={i} style={{ background: COLOURS[s.kind] }}>
            {s.text
              .replace(/\n$/, '')
              .split('\n')
              .map((line) => `${SIGNS[s.kind]}${line}`)
              .join('\n')}
          </div>
        ))}
      </pre>
    </div>
  );
}
