/**
 * Apple's paging of a collection: `limit` items (50 unless asked), an opaque cursor in
 * links.next while more remain, and meta.paging with the total and the limit. `shape`
 * turns each item of the page into what is sent (sparse fieldsets, for one).
 */
export function pageOf<T, U = T>(url: URL, all: T[], shape: (item: T) => U = (item) => item as unknown as U) {
  const limit = Number(url.searchParams.get("limit") ?? 50);
  const offset = Number(Buffer.from(url.searchParams.get("cursor") ?? "", "base64url").toString() || 0);
  const links: Record<string, string> = { self: url.href };
  if (offset + limit < all.length) {
    const next = new URL(url.href);
    next.searchParams.set("cursor", Buffer.from(String(offset + limit)).toString("base64url"));
    links.next = next.href;
  }
  return { data: all.slice(offset, offset + limit).map(shape), links, meta: { paging: { total: all.length, limit } } };
}
