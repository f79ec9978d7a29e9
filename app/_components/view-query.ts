/** The query string of a page's view (its `keys`, in order) with some keys changed; null removes one, and other parameters are dropped. */
export function withView<K extends string>(keys: readonly K[], current: string, changes: Partial<Record<K, string | null>> = {}) {
  const params = new URLSearchParams(current);
  const out = new URLSearchParams();
  for (const k of keys) {
    const v = k in changes ? changes[k] : params.get(k);
    if (v) out.set(k, v);
  }
  return out.toString();
}
