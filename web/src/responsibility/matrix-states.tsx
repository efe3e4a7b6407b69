import { Skeleton, Stack } from '@mantine/core';
import { IconTable } from '@tabler/icons-react';
import { ClearFiltersButton } from '../ui/clear-filters-button';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { Page } from '../ui/page-layout';
import { ResponsibilityTabs } from './responsibility-tabs';

const DESCRIPTION = 'Which party is Accountable, Responsible, Consulted and Informed for each IT service.';

/** The matrix page while the map loads, or when it could not be loaded (with a retry). */
export function MatrixUnavailable(props: { slug: string; error: unknown; onRetry: () => void }) {
  const { slug, error, onRetry } = props;
  return (
    <Page title="Responsibility map" description={DESCRIPTION}>
      <ResponsibilityTabs slug={slug} current="matrix" />
      {error ? (
        <ErrorState error={error} onRetry={onRetry} />
      ) : (
        <Stack gap="sm" aria-busy="true" aria-label="Loading the responsibility map">
          <Skeleton h={64} radius="md" />
          <Skeleton h={120} radius="md" />
          <Skeleton h={360} radius="md" />
        </Stack>
      )}
    </Page>
  );
}

/** No services at all (say what to do), or none that match the filters (offer to clear them). */
export function NoServices(props: { filtered: boolean; mayManage: boolean; onClear: () => void }) {
  const { filtered, mayManage, onClear } = props;
  if (filtered) {
    return (
      <EmptyState
        icon={<IconTable aria-hidden />}
        title="No service matches"
        description="Clear the search or the filters to see every service."
        action={<ClearFiltersButton onClick={onClear} />}
      />
    );
  }
  return (
    <EmptyState
      icon={<IconTable aria-hidden />}
      title="No services yet"
      description={
        mayManage
          ? 'Add the services IT runs with “Add service”, then propose who is Accountable and Responsible for each.'
          : 'The internal IT lead adds the services IT runs; then anyone on staff can propose who does what.'
      }
    />
  );
}
