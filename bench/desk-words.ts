// Word lists and text for the service-desk benchmark (bench/generate-desk.ts, bench/load-desk.ts).
// Lists are ordered from common to rare and drawn with a Zipf-like law, so full-text search sees a
// realistic mix: a few words match many tickets ("printer", "password"), most match few, and the
// generated identifiers (asset tags, hostnames, error codes, people) match one or two.

/** Deterministic PRNG (mulberry32): the same seed gives the same data set. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
    /** Zipf-like: index i drawn with weight 1 / (i + 1)^s. */
    zipf: <T>(xs: readonly T[], s = 1) => xs[zipfIndex(xs.length, s, next())]!,
  };
}
export type Rng = ReturnType<typeof rng>;

const zipfTables = new Map<string, Float64Array>();
function zipfIndex(n: number, s: number, u: number): number {
  const key = `${n}:${s}`;
  let cdf = zipfTables.get(key);
  if (!cdf) {
    cdf = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += 1 / (i + 1) ** s;
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += 1 / (i + 1) ** s / sum;
      cdf[i] = acc;
    }
    zipfTables.set(key, cdf);
  }
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const THINGS = [
  'laptop',
  'email',
  'password',
  'printer',
  'Outlook',
  'Teams',
  'VPN',
  'Wi-Fi',
  'monitor',
  'phone',
  'account',
  'shared drive',
  'OneDrive',
  'SharePoint',
  'Excel',
  'docking station',
  'headset',
  'keyboard',
  'mouse',
  'calendar',
  'mailbox',
  'MFA app',
  'webcam',
  'scanner',
  'badge reader',
  'desk phone',
  'ERP',
  'SAP',
  'payroll system',
  'CRM',
  'Salesforce',
  'Zoom',
  'browser',
  'Chrome',
  'Edge',
  'Adobe Acrobat',
  'PDF reader',
  'Word',
  'PowerPoint',
  'Visio',
  'label printer',
  'barcode scanner',
  'handheld terminal',
  'tablet',
  'iPhone',
  'Android phone',
  'SIM card',
  'mobile hotspot',
  'projector',
  'meeting room screen',
  'conference speaker',
  'file server',
  'database server',
  'domain controller',
  'firewall',
  'switch',
  'router',
  'access point',
  'UPS',
  'NAS',
  'backup job',
  'certificate',
  'DNS record',
  'website',
  'intranet',
  'timesheet app',
  'expense tool',
  'HR portal',
  'shop-floor terminal',
  'MES',
  'warehouse system',
  'finance system',
  'BI dashboard',
  'Power BI report',
  'distribution list',
  'shared mailbox',
  'Teams channel',
  'licence',
  'antivirus',
  'BitLocker',
  'Windows update',
  'macOS update',
  'driver',
  'Citrix',
  'remote desktop',
  'thin client',
  'plotter',
  'CAD workstation',
  'AutoCAD',
  'SolidWorks',
  'Jira',
  'Confluence',
  'GitLab',
  'Azure',
  'AWS account',
  'M365 tenant',
  'Intune',
  'Okta',
  'Entra ID',
] as const;

export const PROBLEMS = [
  'not working',
  'very slow',
  'keeps crashing',
  'will not start',
  'shows an error',
  'disconnects',
  'asks for the password again and again',
  'is locked',
  'cannot connect',
  'not syncing',
  'freezes',
  'stopped printing',
  'is missing',
  'shows a blank screen',
  'cannot sign in',
  'runs out of space',
  'keeps rebooting',
  'has no sound',
  'is flickering',
  'lost all settings',
  'expired',
  'is blocked',
  'sends duplicate messages',
  'shows a certificate warning',
  'is out of date',
  'drops calls',
  'overheats',
  'has a cracked screen',
  'fails the nightly run',
  'times out',
] as const;

export const REQUESTS = [
  'Need access to',
  'Please install',
  'Request a new',
  'Reset',
  'Replace the',
  'Set up',
  'Move',
  'Remove access to',
  'Upgrade the',
  'Add me to the',
  'Restore the',
  'Order a',
  'Extend the',
  'Renew the',
  'Configure the',
  'Transfer the',
] as const;

export const PLACES = [
  'head office',
  'the warehouse',
  'reception',
  'meeting room 3',
  'the Leeds site',
  'the Bristol office',
  'production line 2',
  'the finance floor',
  'the lab',
  'the boardroom',
  'home',
  'the Manchester depot',
  'building B',
  'the canteen',
  'the training room',
  'the loading bay',
  'the Glasgow office',
  'quality control',
  'the design studio',
  'the server room',
] as const;

export const DEPARTMENTS = [
  'finance',
  'sales',
  'operations',
  'HR',
  'marketing',
  'production',
  'logistics',
  'customer service',
  'engineering',
  'procurement',
  'quality',
  'legal',
  'facilities',
  'purchasing',
  'payroll',
] as const;

export const FIXES = [
  'restarting it',
  'signing out and in again',
  'clearing the cache',
  'a different cable',
  'another dock',
  'the web version',
  'updating the driver',
  'reinstalling the app',
  'a colleague’s laptop',
  'the guest network',
  'resetting my password',
  'turning Wi-Fi off and on',
] as const;

export const TIMES = [
  'this morning',
  'yesterday',
  'Monday',
  'the last update',
  'the weekend',
  'last week',
  'the office move',
  'lunchtime',
  'the power cut',
  'the new starter joined',
] as const;

export const FIRST_NAMES = [
  'Alice',
  'Ben',
  'Chloe',
  'Daniel',
  'Emma',
  'Farid',
  'Grace',
  'Hugo',
  'Isla',
  'Jack',
  'Kiran',
  'Laura',
  'Mohammed',
  'Nina',
  'Oliver',
  'Priya',
  'Quentin',
  'Rosa',
  'Sam',
  'Tomasz',
  'Uma',
  'Victor',
  'Wendy',
  'Xavier',
  'Yusuf',
  'Zoe',
  'Aoife',
  'Bilal',
  'Carmen',
  'Dmitri',
  'Elif',
  'Finn',
  'Gemma',
  'Hamza',
  'Ines',
  'Jonas',
  'Keiko',
  'Liam',
  'Maya',
  'Noah',
] as const;

export const SURNAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Wright',
  'Khan',
  'Walker',
  'Evans',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Thompson',
  'Clarke',
  'Hughes',
  'Kowalski',
  'Nowak',
  'Okafor',
  'Mensah',
  'Fernandes',
  'Rossi',
  'Müller',
  'Schmidt',
  'Dubois',
  'Moreau',
  'Novak',
  'Horvat',
  'Andersen',
  'Nielsen',
  'Lindqvist',
  'Murphy',
  'Kelly',
  'Byrne',
  'Gallagher',
  'Doyle',
  'Sato',
  'Tanaka',
  'Nakamura',
  'Chen',
  'Wang',
  'Li',
  'Zhang',
  'Nguyen',
  'Tran',
  'Pham',
  'Singh',
  'Sharma',
  'Gupta',
  'Ahmed',
  'Hussain',
  'Ali',
  'Rahman',
  'Osei',
  'Boateng',
  'Adeyemi',
] as const;

// Words of the conversation (replies and notes).
const REPLY_OPENERS = [
  'Thanks for reporting this.',
  'I have picked this up.',
  'Could you send a screenshot of the error?',
  'This should be working again now.',
  'We are waiting on the vendor.',
  'I have escalated this to the network team.',
  'Can you try again and let us know?',
  'Still happening for me.',
  'That fixed it, thank you!',
  'I will be on site tomorrow morning.',
  'Handing over to the provider, this is their lane.',
  'Internal note: check the licence count before ordering.',
  'Known issue after the last patch, workaround applied.',
  'Replaced the unit, old one returned to stock.',
  'Reset done, please sign in with the temporary password.',
  'Change scheduled for the maintenance window.',
] as const;

export const assetTag = (r: Rng) => `LT-${String(10000 + r.int(90000))}`;
export const hostname = (r: Rng) =>
  `ws-${r.zipf(['leeds', 'bristol', 'hq', 'mcr', 'gla', 'lab'])}-${r.int(5000)}`;
export const errorCode = (r: Rng) => `0x${(0x80070000 + r.int(0xffff)).toString(16)}`;
export const personName = (r: Rng) => `${r.zipf(FIRST_NAMES, 0.6)} ${r.zipf(SURNAMES, 0.8)}`;

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function subject(r: Rng, kind: 'incident' | 'request'): string {
  const thing = r.zipf(THINGS, 1.05);
  if (kind === 'request') {
    const form = r.int(3);
    if (form === 0) return `${r.zipf(REQUESTS)} ${thing} for ${personName(r)}`;
    if (form === 1) return `${r.zipf(REQUESTS)} ${thing} in ${r.zipf(PLACES)}`;
    return `${r.zipf(REQUESTS)} ${thing} (${r.zipf(DEPARTMENTS)})`;
  }
  const form = r.int(4);
  if (form === 0) return `${capital(thing)} ${r.zipf(PROBLEMS)}`;
  if (form === 1) return `${capital(thing)} ${r.zipf(PROBLEMS)} in ${r.zipf(PLACES)}`;
  if (form === 2) return `${capital(thing)} ${r.zipf(PROBLEMS)} after ${r.zipf(TIMES)}`;
  return `${capital(thing)} ${r.zipf(PROBLEMS)} on ${assetTag(r)}`;
}

export function description(r: Rng): string {
  const sentences: string[] = [];
  const n = 2 + r.int(5);
  for (let i = 0; i < n; i++) {
    switch (r.int(9)) {
      case 0:
        sentences.push(`Since ${r.zipf(TIMES)} the ${r.zipf(THINGS)} ${r.zipf(PROBLEMS)}.`);
        break;
      case 1:
        sentences.push(`I tried ${r.zipf(FIXES)} but it did not help.`);
        break;
      case 2:
        sentences.push(`This affects ${2 + r.int(40)} people in ${r.zipf(DEPARTMENTS)}.`);
        break;
      case 3:
        sentences.push(`The message says error ${errorCode(r)}.`);
        break;
      case 4:
        sentences.push(`My machine is ${hostname(r)}, asset tag ${assetTag(r)}.`);
        break;
      case 5:
        sentences.push(
          `${personName(r)} in ${r.zipf(PLACES)} has the same problem with the ${r.zipf(THINGS)}.`,
        );
        break;
      case 6:
        sentences.push(`Please call me on extension ${1000 + r.int(9000)} if you need more details.`);
        break;
      case 7:
        sentences.push(`We need this before the ${r.zipf(DEPARTMENTS)} deadline on Friday.`);
        break;
      default:
        sentences.push(`The ${r.zipf(THINGS)} and the ${r.zipf(THINGS)} were fine until ${r.zipf(TIMES)}.`);
    }
  }
  return sentences.join(' ');
}

export function commentBody(r: Rng): string {
  const parts: string[] = [r.zipf(REPLY_OPENERS, 0.7)];
  if (r.chance(0.5)) parts.push(`Checked the ${r.zipf(THINGS)} on ${hostname(r)}.`);
  if (r.chance(0.3)) parts.push(`Tried ${r.zipf(FIXES)}.`);
  if (r.chance(0.2)) parts.push(`See also error ${errorCode(r)}.`);
  return parts.join(' ');
}

export type SearchKind = 'common-word' | 'two-words' | 'phrase' | 'person' | 'identifier' | 'ticket-key';

/** A search a person would type, drawn from the same lists as the data. */
export function searchQuery(r: Rng, prefix: string, maxNumber: number): { kind: SearchKind; q: string } {
  switch (r.int(6)) {
    case 0:
      return { kind: 'common-word', q: r.zipf(THINGS, 1.05).split(' ')[0]! };
    case 1:
      return {
        kind: 'two-words',
        q: `${r.zipf(THINGS, 1.05)} ${r.zipf(PROBLEMS).split(' ').at(-1)}`,
      };
    case 2:
      return { kind: 'phrase', q: `"${r.zipf(PROBLEMS)}"` };
    case 3:
      return { kind: 'person', q: r.zipf(SURNAMES, 0.8) };
    case 4:
      return { kind: 'identifier', q: r.chance(0.5) ? assetTag(r) : hostname(r) };
    default:
      return { kind: 'ticket-key', q: `${prefix}-${1 + r.int(Math.max(1, maxNumber))}` };
  }
}
