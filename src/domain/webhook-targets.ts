import ipaddr from 'ipaddr.js';

/**
 * Where webhooks may go. Security: an endpoint is chosen by a workspace lead, so without this a
 * lead could make the server post to (and learn about) its own network: loopback services, cloud
 * metadata (169.254.169.254), private and unique-local addresses. Only public unicast addresses
 * are reachable, plus what the operator names in TANDEM_WEBHOOK_ALLOW_HOSTS.
 */
export type WebhookAllowList = {
  /** Host names allowed whatever they resolve to (lower case, no trailing dot). */
  names: ReadonlySet<string>;
  /** Addresses and ranges allowed although not public. */
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
};

export const EMPTY_ALLOW_LIST: WebhookAllowList = { names: new Set(), ranges: [] };

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

const normaliseName = (host: string) => host.toLowerCase().replace(/\.$/, '');

/** Reads the operator's list (names, addresses, CIDR ranges); names every entry it cannot read. */
export function parseWebhookAllowList(entries: string[]): { allow: WebhookAllowList; problems: string[] } {
  const names = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  const problems: string[] = [];
  for (const raw of entries.map((e) => e.trim()).filter(Boolean)) {
    const entry = raw.replace(/^\[(.*)\]$/, '$1');
    if (entry.includes('/')) {
      try {
        const [address, bits] = ipaddr.parseCIDR(entry);
        ranges.push(isMapped(address) && bits >= 96 ? [unmapped(address), bits - 96] : [address, bits]);
      } catch {
        problems.push(`"${raw}" is not an address range such as 10.1.0.0/16`);
      }
    } else if (ipaddr.IPv4.isValidFourPartDecimal(entry) || ipaddr.IPv6.isValid(entry)) {
      const address = unmapped(ipaddr.parse(entry));
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOST_NAME.test(normaliseName(entry))) {
      names.add(normaliseName(entry));
    } else {
      problems.push(`"${raw}" is neither a host name nor an IP address`);
    }
  }
  return { allow: { names, ranges }, problems };
}

const isMapped = (address: ipaddr.IPv4 | ipaddr.IPv6) =>
  address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress();

/** ::ffff:127.0.0.1 is 127.0.0.1: classify the IPv4 address it carries. */
const unmapped = (address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 =>
  isMapped(address) ? (address as ipaddr.IPv6).toIPv4Address() : address;

const RANGE_LABELS: Record<string, string> = {
  loopback: 'a loopback',
  private: 'a private (RFC 1918)',
  carrierGradeNat: 'a shared (carrier-grade NAT)',
  linkLocal: 'a link-local',
  uniqueLocal: 'a unique-local',
  unspecified: 'an unspecified',
  multicast: 'a multicast',
  broadcast: 'a broadcast',
};

/** Why the server must not connect to this address, or null when it may (public unicast or allowed). */
export function addressRefusal(text: string, allow: WebhookAllowList = EMPTY_ALLOW_LIST): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = unmapped(ipaddr.parse(text.replace(/^\[(.*)\]$/, '$1')));
  } catch {
    return 'is not an IP address';
  }
  if (allow.ranges.some(([base, bits]) => base.kind() === parsed.kind() && parsed.match(base, bits)))
    return null;
  const range = parsed.range();
  if (range === 'unicast') return null;
  return `is ${RANGE_LABELS[range] ?? 'a reserved'} address`;
}

export const isAllowedHostName = (host: string, allow: WebhookAllowList) =>
  allow.names.has(normaliseName(host));

const isIpLiteral = (host: string) => /^\[.*\]$/.test(host) || /^[0-9.]+$/.test(host);

/**
 * The check when an endpoint is saved (no name resolution: a name is checked again, resolved,
 * at every delivery). Refuses literal internal addresses and the names that always mean this machine.
 */
export function webhookTargetProblem(
  rawUrl: string,
  allow: WebhookAllowList = EMPTY_ALLOW_LIST,
): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null; // the syntax check names this problem
  }
  const host = url.hostname;
  if (isIpLiteral(host)) {
    const refusal = addressRefusal(host, allow);
    return refusal ? `must not point inside the server's network: ${host} ${refusal}` : null;
  }
  if (isAllowedHostName(host, allow)) return null;
  const name = normaliseName(host);
  if (name === 'localhost' || name.endsWith('.localhost'))
    return `must not point inside the server's network: ${host} is this machine`;
  return null;
}
