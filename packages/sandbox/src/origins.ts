/**
 * `--allowed-origins` entries: an exact origin (`https://app.example.com`) or an origin with a
 * port wildcard (`http://localhost:*`, which also matches no port), the same forms CSP
 * `frame-ancestors` understands, so one list drives both the header and the checks.
 */
export interface OriginMatcher {
  readonly patterns: readonly string[];
  matches(origin: string): boolean;
}

const PATTERN = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:]+\])(?::(\d{1,5}|\*))?$/i;

export class InvalidOriginPatternError extends Error {
  override name = 'InvalidOriginPatternError';
}

export function createOriginMatcher(patterns: readonly string[]): OriginMatcher {
  const parsed = patterns.map((pattern) => {
    const match = PATTERN.exec(pattern.trim());
    if (!match) {
      throw new InvalidOriginPatternError(
        `"${pattern}" is not an allowed-origin pattern: use scheme://host or scheme://host:port, with * as the port to allow any (e.g. http://localhost:*)`,
      );
    }
    return {
      scheme: (match[1] ?? '').toLowerCase(),
      host: (match[2] ?? '').toLowerCase(),
      port: match[3],
    };
  });
  return {
    patterns: patterns.map((p) => p.trim()),
    matches(origin: string) {
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        return false;
      }
      if (url.origin !== origin) return false;
      return parsed.some(
        (p) =>
          `${p.scheme}:` === url.protocol &&
          p.host === url.hostname &&
          (p.port === '*' || (p.port ?? '') === url.port),
      );
    },
  };
}
