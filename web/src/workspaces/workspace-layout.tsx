import { Skeleton, Stack } from '@mantine/core';
import { IconBuildingCommunity } from '@tabler/icons-react';
import { Outlet } from '@tanstack/react-router';
import { useEffect } from 'react';
import { isApiError } from '../ui/api-client';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { useDocumentTitle } from '../ui/page-layout';
import { ButtonLink } from '../ui/router-links';
import { useWorkspace } from './api';
import { rememberWorkspace } from './last-workspace';
import { useWorkspaceSlug } from './use-workspace-slug';

/** Loads the workspace once for every page under /w/:ws, and remembers it for the next sign-in. */
export function WorkspaceLayout() {
  const slug = useWorkspaceSlug();
  const workspace = useWorkspace(slug);
  const isLoaded = workspace.isSuccess;

  useEffect(() => {
    if (isLoaded) rememberWorkspace(slug);
  }, [isLoaded, slug]);

  if (workspace.isPending) {
    return (
      <Stack maw={1100} mx="auto" w="100%" aria-busy="true" aria-label="Loading the workspace">
        <Skeleton h={32} w={260} />
        <Skeleton h={120} />
        <Skeleton h={200} />
      </Stack>
    );
  }
  if (workspace.isError) {
    if (isApiError(workspace.error, 'NOT_FOUND')) return <WorkspaceNotFound />;
    return <ErrorState error={workspace.error} onRetry={() => void workspace.refetch()} />;
  }
  return <Outlet />;
}

function WorkspaceNotFound() {
  useDocumentTitle('Workspace not found');
  return (
    <EmptyState
      icon={<IconBuildingCommunity aria-hidden />}
      title="No workspace here for you"
      description="Either the address is wrong or you are not a member of this workspace. Ask its internal lead for an invitation if you should be."
      action={<ButtonLink to="/">Go to my workspace</ButtonLink>}
    />
  );
}
