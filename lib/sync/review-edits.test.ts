import { describe, expect, it } from "vitest";
import { editKey } from "@/lib/alerts/raise";
import { editedAfterReply } from "./reviews";

const reply = { responseAppleId: "resp-1", responseModifiedDate: new Date("2026-11-01T10:00:00Z") };
const stored = { rating: 2, title: "Slow", body: "It is slow.", ...reply, responseState: "PUBLISHED", editedAfterReplyAt: null };

describe("a review seen again", () => {
  it("is edited after our reply when its words or rating changed and the published reply is the same", () => {
    expect(editedAfterReply(stored, { rating: 2, title: "Slow", body: "It is slow.", ...reply })).toBe("no");
    expect(editedAfterReply(stored, { rating: 2, title: "Slow", body: "Still slow after the update.", ...reply })).toBe("edited");
    expect(editedAfterReply(stored, { rating: 4, title: "Slow", body: "It is slow.", ...reply })).toBe("edited");
    expect(editedAfterReply(stored, { rating: 2, title: "Fast now", body: "It is slow.", ...reply })).toBe("edited");
  });

  it("is not flagged while the reply waits to be published, without a reply, or when the reply changed too", () => {
    const edit = { rating: 1, title: "Slow", body: "Worse.", ...reply };
    expect(editedAfterReply({ ...stored, responseState: "PENDING_PUBLISH" }, edit)).toBe("no");
    expect(editedAfterReply({ ...stored, responseAppleId: null, responseState: null, responseModifiedDate: null }, { ...edit, responseAppleId: null, responseModifiedDate: null })).toBe("no");
    expect(editedAfterReply(stored, { ...edit, responseModifiedDate: new Date("2026-11-05T10:00:00Z") })).toBe("no");
  });

  it("is answered once flagged and its reply has changed since", () => {
    const flagged = { ...stored, editedAfterReplyAt: new Date("2026-11-03T10:00:00Z") };
    expect(editedAfterReply(flagged, { rating: 2, title: "Slow", body: "It is slow.", ...reply })).toBe("no");
    expect(editedAfterReply(flagged, { rating: 2, title: "Slow", body: "It is slow.", responseAppleId: "resp-2", responseModifiedDate: new Date("2026-11-04T10:00:00Z") })).toBe("answered");
  });

  it("tells edits apart by what they say", () => {
    expect(editKey({ rating: 2, title: "Slow", body: "a" })).toBe(editKey({ rating: 2, title: "Slow", body: "a" }));
    expect(editKey({ rating: 2, title: "Slow", body: "a" })).not.toBe(editKey({ rating: 3, title: "Slow", body: "a" }));
    expect(editKey({ rating: 2, title: null, body: "a" })).toBe(editKey({ rating: 2, title: "", body: "a" }));
  });
});
