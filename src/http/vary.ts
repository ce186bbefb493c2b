/** The Vary header: answers that depend on request headers say which, so that caches keep them apart. */

/** A Vary value with `names` added to `prior`'s, each once (case-insensitively). */
export function mergeVary(prior: string | undefined | null, names: readonly string[]): string {
  const all = [...(prior ? prior.split(',').map((n) => n.trim()) : []), ...names].filter(Boolean);
  const seen = new Set<string>();
  return all.filter((n) => !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase())).join(', ');
}
