/**
 * "Did you mean …?" suggestions for names typed by hand (mutelist check keys, --checks,
 * --compliance): the known name closest to what was typed, by edit distance.
 */

/**
 * Levenshtein distance between `a` and `b`: the fewest single-character insertions, deletions
 * and substitutions turning one into the other. Case-sensitive; callers lowercase if they wish.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // One row of the dynamic-programming table at a time keeps memory linear.
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate closest to `value` (compared case-insensitively), or undefined when none is close
 * enough to be a plausible typo: the distance must be at most a third of the longer string
 * (at least 2), so unrelated names are not offered. Ties go to the earlier candidate.
 */
export function closestMatch(value: string, candidates: Iterable<string>): string | undefined {
  const typed = value.toLowerCase();
  let best: { readonly candidate: string; readonly distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate.toLowerCase());
    const limit = Math.max(2, Math.floor(Math.max(typed.length, candidate.length) / 3));
    if (distance > limit) continue;
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best?.candidate;
}

/** ` — did you mean "x"?` when a known name is close to what was typed, else ''. */
export function didYouMean(typed: string, known: Iterable<string>): string {
  const match = closestMatch(typed, known);
  return match ? ` — did you mean "${match}"?` : '';
}
