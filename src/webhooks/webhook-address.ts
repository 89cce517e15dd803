import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * The ranges a webhook may not reach (SSRF): loopback, private, link-local, CGNAT, multicast,
 * unspecified and the other special-purpose ranges, IPv4 and IPv6 alike. An IPv4-mapped IPv6
 * address (`::ffff:127.0.0.1`) is judged as the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address); // maps ::ffff:a.b.c.d to a.b.c.d
  return parsed.range() === 'unicast';
}

/** Why a webhook URL is refused at creation, or undefined when it is acceptable. */
export function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'url must be an absolute http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'url must be an absolute http or https URL';
  }
  if (url.username !== '' || url.password !== '') return 'url must not carry credentials';
  return undefined;
}

/** A host name or address literal as `URL` gives it, without IPv6 brackets. */
export const bareHost = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

export class PrivateAddressError extends Error {
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private or special-purpose address`);
  }
}

/**
 * Resolves `host` (a name or an address literal) and answers its first address, only if every
 * address it has is public; the caller then connects to exactly that address, so a name cannot
 * resolve elsewhere between the check and the connection (DNS rebinding).
 */
export async function publicAddressOf(
  host: string,
  allowPrivate: boolean,
): Promise<{ address: string; family: number }> {
  const addresses = ipaddr.isValid(host)
    ? [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }]
    : await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new Error(`${host} does not resolve`);
  if (!allowPrivate) {
    const refused = addresses.find(({ address }) => !isPublicAddress(address));
    if (refused) throw new PrivateAddressError(host, refused.address);
  }
  return addresses[0]!;
}
