import type { TInboxReview, TReviewCounts } from "@/lib/reviews/inbox";

export type { TInboxReview, TReviewCounts };
export type TAssignee = { id: string; email: string; name: string | null };
export type TChoices = { connections: { id: string; name: string }[]; apps: { id: string; name: string; connectionId: string }[]; territories: string[] };
export type TTemplateRow = { id: string; name: string; body: string; updatedAt: string };

/** The filters the inbox keeps in its URL, in the order they are written there. */
export const FILTER_KEYS = ["app", "connection", "rating", "territory", "replied", "assigned", "from", "to", "q"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** The URL's filters only: no cursor (paging starts over) and nothing the inbox does not know. */
export function filterQuery(params: URLSearchParams) {
  const out = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) out.set(k, v);
  }
  return out;
}

/** The query string with one filter set (or cleared with null). */
export function withFilter(params: URLSearchParams, key: FilterKey, value: string | null) {
  const out = filterQuery(params);
  if (value) out.set(key, value);
  else out.delete(key);
  return out.toString();
}

/** A comma list of the URL (rating=1,2) as its items. */
export const listParam = (v: string | null) => (v ? v.split(",").map((p) => p.trim()).filter(Boolean) : []);

/** Adds or removes one item of a comma list, keeping the list in order. */
export function toggled(list: string[], item: string) {
  const next = list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
  return next.sort().join(",") || null;
}

export const day = (iso: string) => iso.slice(0, 10);

export const personName = (p: { email: string; name: string | null }) => p.name?.trim() || p.email;

export const REPLY_STATE_WORDS = { PENDING_PUBLISH: "Pending publish", PUBLISHED: "Published" } as const;

/** The words of a review's reply badge: a reply waiting for approval comes first, as someone must act on it. */
export function replyState(r: Pick<TInboxReview, "response" | "pendingReply">) {
  if (r.pendingReply?.status === "PENDING") return "Awaiting approval";
  if (!r.response) return "Unreplied";
  return REPLY_STATE_WORDS[r.response.state as keyof typeof REPLY_STATE_WORDS] ?? "Replied";
}
