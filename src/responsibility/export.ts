import { type Assignment, type PartyForRaci, RACI_ROLES, type ServiceForRaci } from '../domain/raci.ts';

export type MapForExport = {
  workspaceName: string;
  versionNumber: number;
  approvedAt: Date;
  services: ServiceForRaci[];
  parties: PartyForRaci[];
  assignments: Assignment[];
  people: Map<string, string>;
};

/** One cell: the roles a party holds for a service, with named people in brackets ("A, R (Ed Park)"). */
function cell(map: MapForExport, serviceId: string, partyId: string): string {
  const rows = map.assignments.filter((a) => a.serviceId === serviceId && a.partyId === partyId);
  return RACI_ROLES.flatMap((role) => {
    const forRole = rows.filter((r) => r.role === role);
    if (forRole.length === 0) return [];
    const names = forRole.flatMap((r) =>
      r.membershipId ? [map.people.get(r.membershipId) ?? 'named person'] : [],
    );
    return [
      names.length > 0 && forRole.every((r) => r.membershipId)
        ? `${role} (${names.join(', ')})`
        : names.length > 0
          ? `${role} (incl. ${names.join(', ')})`
          : role,
    ];
  }).join(', ');
}

const activeServices = (map: MapForExport) => map.services.filter((s) => s.status === 'active');

const csvField = (value: string) => {
  // Security: a leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function mapToCsv(map: MapForExport): string {
  const header = ['Service', ...map.parties.map((p) => `${p.name} (${p.kind})`)];
  const lines = [
    header,
    ...activeServices(map).map((s) => [s.name, ...map.parties.map((p) => cell(map, s.id, p.id))]),
  ];
  return `${lines.map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
}

const mdEscape = (value: string) => value.replace(/([\\|*_`[\]<>])/g, '\\$1');

export function mapToMarkdown(map: MapForExport): string {
  const head = `| Service | ${map.parties.map((p) => `${mdEscape(p.name)} (${p.kind})`).join(' | ')} |`;
  const rule = `| --- | ${map.parties.map(() => '---').join(' | ')} |`;
  const rows = activeServices(map).map(
    (s) => `| ${mdEscape(s.name)} | ${map.parties.map((p) => mdEscape(cell(map, s.id, p.id))).join(' | ')} |`,
  );
  return [
    `# Division of responsibilities: ${mdEscape(map.workspaceName)}`,
    '',
    `Responsibility map version ${map.versionNumber}, approved ${map.approvedAt.toISOString().slice(0, 10)}.`,
    'A = Accountable (owns the outcome and decides), R = Responsible (does the work), C = Consulted, I = Informed.',
    '',
    head,
    rule,
    ...rows,
    '',
  ].join('\n');
}

const htmlEscape = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export function mapToHtml(map: MapForExport): string {
  const head = map.parties
    .map((p) => `<th scope="col">${htmlEscape(p.name)} <small>(${p.kind})</small></th>`)
    .join('');
  const rows = activeServices(map)
    .map(
      (s) =>
        `<tr><th scope="row">${htmlEscape(s.name)}</th>${map.parties.map((p) => `<td>${htmlEscape(cell(map, s.id, p.id))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Division of responsibilities: ${htmlEscape(map.workspaceName)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.35rem .6rem;text-align:left}thead th{background:#eee}</style></head>
<body><h1>Division of responsibilities: ${htmlEscape(map.workspaceName)}</h1>
<p>Responsibility map version ${map.versionNumber}, approved ${map.approvedAt.toISOString().slice(0, 10)}.
A = Accountable (owns the outcome and decides), R = Responsible (does the work), C = Consulted, I = Informed.</p>
<table><thead><tr><th scope="col">Service</th>${head}</tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}
