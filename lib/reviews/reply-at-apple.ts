import { ascAppError, AscError } from "@/lib/asc/errors";
import { AppError } from "@/lib/errors";
import type { SyncTarget } from "@/lib/sync/connection";

/** Apple's customerReviewResponses resource, as far as we read it. */
export type TAscResponse = { id: string; attributes?: { responseBody?: string; state?: string; lastModifiedDate?: string } };

/** A reply found at App Store Connect, as the error document and the reply box show it. */
export type TFoundReply = { id: string; body: string; state: string | null; modifiedDate: string | null };

export const REPLY_EXISTS_AT_APPLE = "REPLY_EXISTS_AT_APPLE";

export const foundReply = (r: TAscResponse): TFoundReply => ({
  id: r.id,
  body: r.attributes?.responseBody ?? "",
  state: r.attributes?.state ?? null,
  modifiedDate: r.attributes?.lastModifiedDate ?? null,
});

/**
 * App Store Connect holds a reply our copy does not know (written in App Store Connect or
 * another tool since the last sync). Apple's POST overwrites whatever is there, so nothing
 * was sent: the member sees the reply found and chooses to keep it or replace it.
 */
export class ReplyExistsAtApple extends AppError {
  constructor(
    readonly found: TFoundReply,
    message = "A reply was written at App Store Connect since the last sync, so yours was not sent. Keep that reply, or replace it with yours.",
  ) {
    super("conflict", message, { internal: `review reply ${found.id} at App Store Connect differs from the stored copy` });
  }

  /** The route's error document: the usual one, with its own code and the reply found. */
  body() {
    return { error: { code: REPLY_EXISTS_AT_APPLE, message: this.publicMessage, found: this.found } };
  }
}

/** Apple's refusal in words for the reply box; the text the person wrote stays with them. */
export function refused(e: AscError): AppError {
  return ascAppError(e, { lead: "App Store Connect refused the reply:", detailOnly: true, fieldOf: (attribute) => (attribute === "responseBody" ? "body" : undefined) });
}

/** The review's reply at App Store Connect now, or null when it has none (Apple answers 404). */
export async function replyAtApple(client: SyncTarget["client"], reviewAppleId: string): Promise<TAscResponse | null> {
  try {
    const res = await client.request<{ data: TAscResponse }>({ path: `/v1/customerReviews/${reviewAppleId}/response`, priority: "interactive" });
    return res.body.data;
  } catch (e) {
    if (!(e instanceof AscError)) throw e;
    // No reply, or no review: either way there is nothing to overwrite, and a gone review is refused by the POST.
    if (e.status === 404) return null;
    throw refused(e);
  }
}

/** Sends the reply. Apple creates it, or overwrites the review's existing one. */
export async function postAtApple(client: SyncTarget["client"], reviewAppleId: string, body: string): Promise<TAscResponse> {
  try {
    const res = await client.request<{ data: TAscResponse }>({
      method: "POST",
      path: "/v1/customerReviewResponses",
      body: { data: { type: "customerReviewResponses", attributes: { responseBody: body }, relationships: { review: { data: { type: "customerReviews", id: reviewAppleId } } } } },
      priority: "interactive",
    });
    return res.body.data;
  } catch (e) {
    throw e instanceof AscError ? refused(e) : e;
  }
}

export async function deleteAtApple(client: SyncTarget["client"], responseId: string) {
  try {
    await client.request({ method: "DELETE", path: `/v1/customerReviewResponses/${responseId}`, priority: "interactive" });
  } catch (e) {
    // Already gone at Apple is what was wanted.
    if (!(e instanceof AscError) || e.status !== 404) throw e instanceof AscError ? refused(e) : e;
  }
}
