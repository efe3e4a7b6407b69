import { describe, expect, it } from 'vitest';
import {
  addressRefusal,
  isAllowedHostName,
  parseWebhookAllowList,
  webhookTargetProblem,
} from './webhook-targets.ts';

describe('addressRefusal', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['127.8.9.10', /loopback/],
    ['::1', /loopback/],
    ['10.0.0.5', /private/],
    ['172.16.3.4', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['169.254.169.254', /link-local/],
    ['fe80::1', /link-local/],
    ['fc00::1', /unique-local/],
    ['fd12:3456::1', /unique-local/],
    ['0.0.0.0', /unspecified/],
    ['::', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['ff02::1', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:10.1.2.3', /private/],
    ['::ffff:169.254.169.254', /link-local/],
    ['64:ff9b::a01:203', /reserved/],
    ['240.0.0.1', /reserved/],
  ])('refuses %s', (address, reason) => {
    expect(addressRefusal(address)).toMatch(reason);
  });

  it.each(['93.184.215.14', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'accepts the public address %s',
    (address) => {
      expect(addressRefusal(address)).toBeNull();
    },
  );

  it('accepts what the operator allows, and only that', () => {
    const { allow, problems } = parseWebhookAllowList(['10.1.2.3', '192.168.50.0/24', 'fd00::/8']);
    expect(problems).toEqual([]);
    expect(addressRefusal('10.1.2.3', allow)).toBeNull();
    expect(addressRefusal('::ffff:10.1.2.3', allow)).toBeNull();
    expect(addressRefusal('10.1.2.4', allow)).toMatch(/private/);
    expect(addressRefusal('192.168.50.77', allow)).toBeNull();
    expect(addressRefusal('192.168.51.1', allow)).toMatch(/private/);
    expect(addressRefusal('fd00::7', allow)).toBeNull();
    expect(addressRefusal('127.0.0.1', allow)).toMatch(/loopback/);
  });
});

describe('parseWebhookAllowList', () => {
  it('reads names (any case, trailing dot) and names every bad entry', () => {
    const { allow, problems } = parseWebhookAllowList([
      'Hooks.Internal.',
      ' chat ',
      '',
      'bad name!',
      '10.0.0.0/99',
    ]);
    expect(isAllowedHostName('hooks.internal', allow)).toBe(true);
    expect(isAllowedHostName('HOOKS.internal.', allow)).toBe(true);
    expect(isAllowedHostName('chat', allow)).toBe(true);
    expect(isAllowedHostName('other.internal', allow)).toBe(false);
    expect(problems).toEqual([
      '"bad name!" is neither a host name nor an IP address',
      '"10.0.0.0/99" is not an address range such as 10.1.0.0/16',
    ]);
  });
});

describe('webhookTargetProblem (when an endpoint is saved)', () => {
  it.each([
    'http://127.0.0.1:5432/',
    'http://169.254.169.254/latest/meta-data',
    'http://localhost:22/',
    'http://api.localhost/',
    'http://[::1]:8080/',
    'http://[::ffff:7f00:1]/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://10.0.0.1/',
    'https://192.168.0.10/hook',
    'http://[fd00::1]/',
    'http://0.0.0.0:3000/',
  ])('refuses %s, saying why', (url) => {
    expect(webhookTargetProblem(url)).toMatch(/must not point inside the server's network/);
  });

  it('accepts public addresses and names (a name is checked again, resolved, at delivery)', () => {
    expect(webhookTargetProblem('https://hooks.example.org/tandem')).toBeNull();
    expect(webhookTargetProblem('https://93.184.215.14/tandem')).toBeNull();
  });

  it('accepts internal hosts the operator allows', () => {
    const { allow } = parseWebhookAllowList(['hooks.internal', '127.0.0.1', 'localhost']);
    expect(webhookTargetProblem('http://hooks.internal/x', allow)).toBeNull();
    expect(webhookTargetProblem('http://127.0.0.1:8080/x', allow)).toBeNull();
    expect(webhookTargetProblem('http://localhost:8080/x', allow)).toBeNull();
    expect(webhookTargetProblem('http://127.0.0.2:8080/x', allow)).toMatch(/loopback/);
  });
});
