// How far apart two typed words are: for "did you mean …?" (a command, a domain), never for a decision.

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`; stops counting past `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      row.push(best);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/** The candidate nearest `typed` within `limit` edits (the first of equals), or undefined; never `typed` itself. */
export function closest(typed: string, candidates: Iterable<string>, limit: number): string | undefined {
  let found: string | undefined;
  let distance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === typed) return undefined;
    const d = editDistance(typed, candidate, limit);
    if (d < distance) [found, distance] = [candidate, d];
  }
  return distance <= limit ? found : undefined;
}

/** Top-level domains common enough that one a letter away from one of them is likelier a typo. */
const COMMON_TLDS = ['com', 'net', 'org'];
/** Top-level domains in wide use themselves (a letter away from a common one, but meant). */
const OWN_TLDS = new Set([
  ...COMMON_TLDS,
  ...['co', 'io', 'ai', 'us', 'uk', 'de', 'fr', 'ru', 'nl', 'au', 'ca', 'jp', 'in', 'it', 'es', 'ch', 'se', 'no'],
  ...['dk', 'fi', 'be', 'at', 'pl', 'br', 'gov', 'edu', 'mil', 'biz', 'info', 'eu', 'cn', 'kr', 'nz', 'ie'],
]);

/**
 * A domain the person likelier meant: a known one a letter (or a swap) away, or the same name under
 * a common top-level domain a letter away ("contoso.cm" → "contoso.com"). Undefined when `domain` is known.
 */
export function likelierDomain(domain: string, known: readonly string[]): string | undefined {
  if (known.includes(domain)) return undefined;
  const near = closest(domain, known, 1);
  if (near) return near;
  const dot = domain.lastIndexOf('.');
  const tld = domain.slice(dot + 1);
  if (dot < 0 || OWN_TLDS.has(tld)) return undefined;
  const common = closest(tld, COMMON_TLDS, 1);
  return common ? `${domain.slice(0, dot)}.${common}` : undefined;
}
