/**
 * Where a webhook came from: Ingo's documented sender addresses, address parsing (IPv4, IPv6,
 * IPv4-mapped IPv6, CIDR ranges) and reading the client address from a proxy header.
 */

/**
 * The addresses Ingo documents as the senders of its webhooks (WEBHOOKS.md §1). Sandbox (UAT)
 * deliveries come from the sandbox list. Check them against Ingo's current documentation when
 * you go live: Ingo may change them, and this list only changes with a new package version.
 */
export const INGO_WEBHOOK_IPS = {
  sandbox: [
    '18.189.65.27',
    '23.253.209.42',
    '23.253.213.126',
    '23.253.22.48',
    '3.130.108.242',
    '3.134.254.69',
    '3.142.181.231',
    '104.130.74.57',
  ],
  production: ['64.88.183.84', '50.56.42.59', '50.56.46.146', '50.57.62.142'],
} as const satisfies Record<'sandbox' | 'production', readonly string[]>;

/** `local`: this machine only (the emulator `@ingo-embed/sandbox`, tests). */
export const LOOPBACK_RANGES: readonly string[] = ['127.0.0.0/8', '::1'];

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): Uint8Array | undefined {
  // Leading zeros are refused: some parsers read "010" as octal, and the two would disagree.
  if (!IPV4.test(text)) return undefined;
  return Uint8Array.from(text.split('.'), Number);
}

function parseIpv6(input: string): Uint8Array | undefined {
  // A zone index ("fe80::1%eth0") names the interface, not the host.
  const text = input.split('%', 1)[0] ?? '';
  const groups: number[] = [];
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (half: string, last: boolean): number[] | undefined => {
    if (half === '') return [];
    const parts = half.split(':');
    const out: number[] = [];
    for (const [index, part] of parts.entries()) {
      if (last && index === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (!v4) return undefined;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (HEX_GROUP.test(part)) {
        out.push(Number.parseInt(part, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = parse(halves[0] ?? '', halves.length === 1);
  const tail = halves.length === 2 ? parse(halves[1] ?? '', true) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) {
    if (head.length !== 8) return undefined;
    groups.push(...head);
  } else {
    if (head.length + tail.length > 7) return undefined;
    groups.push(...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail);
  }
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/**
 * The address in `text` as 4 bytes (IPv4, and IPv4-mapped IPv6 such as `::ffff:127.0.0.1`, which
 * is how a dual-stack Node server reports IPv4 peers) or 16 bytes (IPv6); undefined when `text`
 * is not an address. A port is ignored (`203.0.113.7:5000`, `[2001:db8::1]:443`).
 */
export function parseIp(input: string): Uint8Array | undefined {
  let text = input.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1] ?? '';
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  if (text.includes(':')) {
    const bytes = parseIpv6(text);
    if (!bytes) return undefined;
    const mapped = bytes.subarray(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff;
    return mapped && bytes[11] === 0xff ? bytes.slice(12) : bytes;
  }
  return parseIpv4(text);
}

/** An address or a CIDR range (`203.0.113.0/24`, `2001:db8::/32`). */
interface Range {
  bytes: Uint8Array;
  prefix: number;
}

function parseRange(entry: string): Range | undefined {
  const [address = '', prefixText, extra] = entry.trim().split('/');
  if (extra !== undefined) return undefined;
  // Written without brackets or ports in an allowlist.
  if (address.includes('[') || /^[\d.]+:\d+$/.test(address)) return undefined;
  const bytes = parseIp(address);
  if (!bytes) return undefined;
  const bits = bytes.length * 8;
  if (prefixText === undefined) return { bytes, prefix: bits };
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  let prefix = Number(prefixText);
  // `::ffff:10.0.0.0/104` was parsed as IPv4: shift its prefix to match.
  if (bytes.length === 4 && address.includes(':')) prefix -= 96;
  if (prefix < 0 || prefix > bits) return undefined;
  return { bytes, prefix };
}

function inRange(address: Uint8Array, range: Range): boolean {
  if (address.length !== range.bytes.length) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((address[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Returns the entries that are not an address or range, for the configuration error. */
export function invalidRanges(entries: readonly string[]): string[] {
  return entries.filter((entry) => typeof entry !== 'string' || !parseRange(entry));
}

/** A matcher over valid entries (check them first with {@link invalidRanges}). */
export function ipMatcher(entries: readonly string[]): (address: Uint8Array) => boolean {
  const ranges = entries.map(parseRange).filter((range): range is Range => range !== undefined);
  return (address) => ranges.some((range) => inRange(address, range));
}

/** The `for=` address of one element of an RFC 7239 `Forwarded` header. */
function forwardedFor(element: string): string | undefined {
  for (const pair of element.split(';')) {
    const [name = '', ...rest] = pair.split('=');
    if (name.trim().toLowerCase() === 'for') {
      return rest
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1');
    }
  }
  return undefined;
}

/**
 * The client address a trusted proxy put in `header`. Lists (`x-forwarded-for`, `forwarded`)
 * grow by one entry per proxy, appended on the right; an entry written by the client itself sits
 * to the left and can say anything. So the entry `hops` from the right is taken: with one proxy
 * of yours, the right-most one.
 */
export function addressFromHeader(
  headers: Headers,
  header: string,
  hops: number,
): string | undefined {
  const value = headers.get(header);
  if (value === null) return undefined;
  if (header === 'x-forwarded-for' || header === 'forwarded') {
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const entry = entries[entries.length - hops];
    if (entry === undefined) return undefined;
    return header === 'forwarded' ? forwardedFor(entry) : entry;
  }
  // Single-address headers (x-real-ip, cf-connecting-ip…): a list means something is off.
  const trimmed = value.trim();
  return trimmed === '' || trimmed.includes(',') ? undefined : trimmed;
}
