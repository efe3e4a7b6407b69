import {
  EXCLUDED_TABLES,
  exportedColumns,
  GLOBAL_TABLES,
  isSecretColumn,
  type TableInfo,
} from './catalog.ts';
import { FORMAT_VERSION } from './format.ts';

/** README.md of an archive, generated from the catalog: every file and every field. */
export function generateReadme(
  workspace: { slug: string; name: string },
  tables: TableInfo[],
  csvFiles: { file: string; describe: string }[],
): string {
  const out: string[] = [
    `# ${workspace.name} (${workspace.slug}): Tandem workspace export`,
    '',
    `Format version ${FORMAT_VERSION}. Everything here is plain text (JSON Lines, CSV, Markdown) except the`,
    'attachments, which are the original bytes. Nothing in this archive needs Tandem to be read.',
    '',
    'The archive is a tar file in gzip. Its gzip stream is a series of members (RFC 1952: a new member',
    'where the compression level changes, level 0 for files that do not compress); `tar xzf`, `gunzip`,',
    "7-Zip and Python's `tarfile.open(path)` read it as one stream (Python's streaming mode `r|gz` reads",
    'only the first member).',
    '',
    '## Files',
    '',
    '- `manifest.json`: format version, Tandem version, workspace, time, counts per entity and the SHA-256 and',
    '  size of every other file. Check a file with `sha256sum FILE`.',
    '- `data/<entity>.jsonl`: one JSON object per line, one line per record, every record of the workspace',
    '  including versions and history. Column names are the database names; times are ISO 8601 in UTC.',
    '- `data/people.jsonl`: the people with a membership here (`id`, `email`, `name`, `status`, `created_at`).',
    '- `attachments/<sha256>`: every file once, named by the SHA-256 of its bytes. A record column that held',
    '  bytes (for example `content` of ticket and article attachments) holds that digest instead.',
    '- `knowledge/<key>-<slug>.md`: each article as Markdown with front matter (type, owner party, reviewer,',
    '  review date, links as `kind:id`, files as `attachments/<sha256>`).',
    '- `audit/<chain>.jsonl`: the workspace audit chain (`<chain>` is the workspace id), oldest first.',
    ...csvFiles.map((c) => `- \`${c.file}\`: ${c.describe}.`),
    '',
    '## Verifying the audit chain without Tandem',
    '',
    'Each line is one event. For every event, in file order:',
    '',
    '1. `body` = JSON of the object `{workspaceId, actorAccountId, actorMembershipId, action, entityType,',
    '   entityId, before, after, ip, at}` taken from the line (`workspace_id` → `workspaceId` and so on;',
    '   `at` as ISO 8601 with milliseconds and `Z`), with object keys sorted at every depth, no spaces,',
    '   absent values as `null`.',
    '2. `hash` = hex SHA-256 of `prev_hash` + a newline + `body`.',
    '3. The first event has `prev_hash` = 64 zeros; each later `prev_hash` equals the `hash` before it.',
    '',
    'The workspace id is part of every hash, so an imported workspace keeps its id (see docs/operations.md).',
    '',
    '## Secrets are not here',
    '',
    'Password hashes, two-step (TOTP) secrets and recovery codes, session and API token digests, invitation',
    'token digests, webhook signing secrets and calendar feed token digests never leave the installation.',
    'After an import, people are re-invited with one-time links and integrations get new secrets.',
    '',
    '## What is left out, and why',
    '',
    ...Object.entries(EXCLUDED_TABLES).map(([t, why]) => `- \`${t}\`: ${why}.`),
    ...Object.entries(GLOBAL_TABLES).map(([t, why]) => `- \`${t}\`: ${why}.`),
    '',
    '## Fields of data/<entity>.jsonl',
    '',
  ];
  for (const table of tables) {
    const secret = table.columns.filter((c) => isSecretColumn(c.name)).map((c) => c.name);
    out.push(`### data/${table.name}.jsonl`, '');
    for (const c of exportedColumns(table)) {
      out.push(
        `- \`${c.name}\` (${c.bytea ? 'SHA-256 of the bytes in attachments/' : c.type}${c.notNull ? '' : ', may be null'})`,
      );
    }
    if (secret.length) out.push(`- left out (secret): ${secret.map((s) => `\`${s}\``).join(', ')}`);
    out.push('');
  }
  return out.join('\n');
}
