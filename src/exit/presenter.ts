import type { ExitRun } from '../db/schema/exit.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import type { ExitRunView } from './contract.ts';
import { canExit } from './policy.ts';
import { progressOf } from './runs.ts';

export function presentRun(actor: WorkspaceActor, run: ExitRun): ExitRunView {
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    progress: progressOf(run),
    archiveBytes: run.archiveBytes,
    archiveSha256: run.archiveSha256,
    detail: run.detail,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    downloadUrl:
      run.kind === 'export' && run.status === 'ready' && canExit(actor, 'download')
        ? `/api/v1/w/${actor.workspaceSlug}/exit/exports/${run.id}/archive`
        : null,
  };
}
