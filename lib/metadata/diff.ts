/** A word-level comparison of a live value and its draft, for the review before a push. */

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

/** Above this many word pairs the comparison is skipped and the whole value shown as replaced. */
const MAX_PAIRS = 1_000_000;

/** Splits into words and the whitespace or commas after them, so joining the parts gives the value back. */
const tokens = (v: string) => v.match(/[^\s,]+|[\s,]+/g) ?? [];

/** Joins neighbouring parts of the same kind, so the view shows runs rather than single words. */
function merge(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of parts) {
    const last = out.at(-1);
    if (last && last.kind === p.kind) last.text += p.text;
    else if (p.text) out.push({ ...p });
  }
  return out;
}

/**
 * What changed from `before` to `after`, word by word (longest common subsequence).
 * Joining the "same" and "removed" parts gives `before`; "same" and "added" give `after`.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  if (a.length * b.length > MAX_PAIRS) return merge([{ kind: "removed", text: before }, { kind: "added", text: after }]);
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      parts.push({ kind: "same", text: a[i++] });
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) parts.push({ kind: "removed", text: a[i++] });
    else parts.push({ kind: "added", text: b[j++] });
  }
  while (i < a.length) parts.push({ kind: "removed", text: a[i++] });
  while (j < b.length) parts.push({ kind: "added", text: b[j++] });
  return merge(parts);
}
