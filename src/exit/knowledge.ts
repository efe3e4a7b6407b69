import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { forEachRow, uuidLiteral } from './cursor.ts';
import { HashedFile } from './files.ts';
import { slugify } from './format.ts';

type ArticleRow = {
  id: string;
  key: string;
  title: string;
  type: string;
  status: string;
  visibility: string;
  summary: string;
  body: string;
  owner_party: string | null;
  reviewer: string | null;
  review_due_on: string | null;
  updated_at: string;
  links: { kind: string; target: string }[] | null;
  files: { filename: string; content_type: string; sha256: string; bytes: number }[] | null;
};

/** YAML scalars written as JSON strings: always valid YAML, whatever the title holds. */
const yaml = (value: unknown) => (value === null || value === undefined ? 'null' : JSON.stringify(value));

export function articleMarkdown(a: ArticleRow): string {
  const lines = [
    '---',
    `key: ${yaml(a.key)}`,
    `title: ${yaml(a.title)}`,
    `type: ${yaml(a.type)}`,
    `status: ${yaml(a.status)}`,
    `visibility: ${yaml(a.visibility)}`,
    `owner_party: ${yaml(a.owner_party)}`,
    `reviewer: ${yaml(a.reviewer)}`,
    `review_date: ${yaml(a.review_due_on)}`,
    `updated_at: ${yaml(a.updated_at)}`,
    'links:',
    ...(a.links ?? []).map((l) => `  - ${yaml(`${l.kind}:${l.target}`)}`),
    'files:',
    ...(a.files ?? []).map(
      (f) =>
        `  - { name: ${yaml(f.filename)}, type: ${yaml(f.content_type)}, path: ${yaml(`attachments/${f.sha256}`)} }`,
    ),
    '---',
    '',
    `# ${a.title}`,
    '',
    ...(a.summary ? [`> ${a.summary.replaceAll('\n', '\n> ')}`, ''] : []),
    a.body,
    '',
  ];
  if (a.files?.length) {
    lines.push('## Files', '');
    for (const f of a.files) lines.push(`- [${f.filename}](../attachments/${f.sha256}) (${f.bytes} bytes)`);
    lines.push('');
  }
  return lines.join('\n');
}

/** knowledge/<key>-<slug>.md for every article; its files are the attachments/ entries it names. */
export async function writeArticles(
  tx: Tx,
  root: string,
  workspaceId: string,
  onFile: (path: string, meta: { sha256: string; bytes: number }) => void,
): Promise<number> {
  const ws = uuidLiteral(workspaceId);
  return forEachRow<ArticleRow>(
    tx,
    sql`select a.id, 'KB-' || a.number as key, a.title, a.type, a.status, a.visibility, a.summary, a.body,
        (select p.name from parties p where p.id = a.owner_party_id) as owner_party,
        (select ac.name from memberships m join accounts ac on ac.id = m.account_id where m.id = a.reviewer_membership_id) as reviewer,
        a.review_due_on::text as review_due_on, to_char(a.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as updated_at,
        (select jsonb_agg(jsonb_build_object('kind', l.kind, 'target', l.target_id) order by l.kind, l.target_id)
           from article_links l where l.article_id = a.id) as links,
        (select jsonb_agg(jsonb_build_object('filename', f.filename, 'content_type', f.content_type,
                 'sha256', encode(sha256(f.content), 'hex'), 'bytes', octet_length(f.content)) order by f.filename, f.id)
           from article_attachments f where f.article_id = a.id) as files
      from articles a where a.workspace_id = ${ws} order by a.number`,
    async (row) => {
      const path = `knowledge/${row.key}-${slugify(row.title)}.md`;
      const file = await HashedFile.open(root, path);
      await file.write(articleMarkdown(row));
      onFile(path, await file.close());
    },
    100,
  );
}
