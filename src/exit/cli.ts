import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { DatabaseHandle } from '../db/client.ts';
import { systemMeta } from '../server/context.ts';
import { AppError } from '../server/errors.ts';
import { exportWorkspace } from './export.ts';
import { importArchive } from './import.ts';
import { executeRun, recordVerification } from './runs.ts';
import { verifyExport } from './verify.ts';

type WithDatabase = <T>(
  fn: (db: DatabaseHandle) => Promise<T>,
  options?: { migrate?: boolean },
) => Promise<T>;

/** The operator looks a workspace up by address (row-level security hides it from the app role). */
async function workspaceBySlug(database: DatabaseHandle, slug: string) {
  const [row] = await database.unsafeOwnerQuery<{ id: string }>('select id from workspaces where slug = $1', [
    slug,
  ]);
  if (!row) throw new AppError(404, 'NOT_FOUND', `No workspace with the address ${slug} in this database.`);
  return row.id;
}

export function registerExitCommands(program: Command, withDatabase: WithDatabase, publicUrl: () => string) {
  program
    .command('export')
    .description('Export a whole workspace as one .tar.gz (open formats; see docs/operations.md)')
    .requiredOption('--workspace <slug>', 'the workspace address, e.g. acme')
    .option('--out <file>', 'where to write the archive (required unless --verify alone)')
    .option('--verify', 'also prove it: import into a scratch database, export again and compare (recorded)')
    .action((o: { workspace: string; out?: string; verify?: boolean }) =>
      withDatabase(async (database) => {
        if (!o.out && !o.verify) throw new AppError(400, 'OUT_REQUIRED', 'Give --out FILE (or --verify).');
        const workspaceId = await workspaceBySlug(database, o.workspace);
        if (o.out) {
          const out = createWriteStream(o.out);
          const manifest = await exportWorkspace(database.db, workspaceId, out);
          if (!out.closed) await once(out, 'close');
          const files = Object.keys(manifest.files).length;
          console.log(`Exported ${manifest.workspace.name} (${o.workspace}) to ${o.out}: ${files} files.`);
        }
        if (o.verify) {
          const result = await verifyExport(database.db, workspaceId);
          await recordVerification(database.db, workspaceId, result);
          if (result.passed)
            console.log('Verified: export → import into a scratch database → export gave the same data.');
          else {
            console.log(`Verification FAILED at ${result.difference}`);
            process.exitCode = 2;
          }
        }
      }),
    );

  // The server's exit worker runs each export or verification here, in a process of its own.
  program
    .command('exit-run', { hidden: true })
    .argument('<workspace-id>')
    .argument('<run-id>')
    .action((workspaceId: string, runId: string) =>
      withDatabase((database) => executeRun(database.db, workspaceId, runId), { migrate: false }),
    );

  program
    .command('import')
    .description(
      'Restore a workspace archive into this database (a new workspace; people get one-time links)',
    )
    .argument('<file>', 'the .tar.gz written by tandem export')
    .option('--as <slug>', 'a new address for the workspace (needed when its address is taken here)')
    .action((file: string, o: { as?: string }) =>
      withDatabase(async (database) => {
        if (!existsSync(file)) throw new AppError(404, 'NOT_FOUND', `No file ${file}.`);
        const result = await importArchive(database, createReadStream(file), {
          as: o.as,
          publicUrl: publicUrl(),
          meta: systemMeta('cli-import'),
        });
        console.log(
          `Imported ${result.workspace.name} as /w/${result.workspace.slug} (id ${result.workspace.id}).`,
        );
        console.log(
          `Records: ${Object.entries(result.counts)
            .filter(([, n]) => n > 0)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')}.`,
        );
        if (result.invitations.length > 0) {
          console.log('Passwords were not exported. Send each person their one-time link (valid 7 days):');
          for (const link of result.invitations) console.log(`  ${link.email}  ${link.url}`);
        }
      }),
    );
}
