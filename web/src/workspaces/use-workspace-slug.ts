import { getRouteApi } from '@tanstack/react-router';

const workspaceRoute = getRouteApi('/_app/w/$ws');

/** The slug of the workspace in the URL; only for pages under /w/:ws. */
export function useWorkspaceSlug(): string {
  return workspaceRoute.useParams().ws;
}
