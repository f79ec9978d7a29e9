"use client";

import { Button } from "@/app/_components/ui";
import type { TFoundReply } from "@/lib/reviews/reply-at-apple";
import { REPLY_STATE_WORDS } from "./filters";

const when = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : null);

/**
 * The reply App Store Connect holds that our copy did not know (written there since the
 * last sync). Nothing was sent; the member keeps it or replaces it with the text in the box.
 */
export function FoundReply({ found, busy, canReplace, onKeep, onReplace }: { found: TFoundReply; busy: boolean; canReplace: boolean; onKeep: () => void; onReplace: () => void }) {
  const at = when(found.modifiedDate);
  const state = REPLY_STATE_WORDS[found.state as keyof typeof REPLY_STATE_WORDS];
  return (
    <section aria-labelledby="found-reply-title" className="rounded-md bg-amber-50 p-3 ring-1 ring-amber-200">
      <h3 id="found-reply-title" className="text-sm font-semibold text-amber-900">
        Reply found at App Store Connect
      </h3>
      <p className="mt-1 text-xs text-amber-900">
        Someone replied in App Store Connect since the last sync{at && <>, last changed <time dateTime={found.modifiedDate ?? undefined}>{at}</time></>}
        {state && ` (${state.toLowerCase()})`}. Nothing was sent: App Store Connect would replace their reply with yours.
      </p>
      <blockquote className="mt-2 whitespace-pre-wrap rounded bg-white p-2 text-sm text-slate-800 ring-1 ring-amber-200" data-testid="found-reply">
        {found.body}
      </blockquote>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button type="button" variant="secondary" disabled={busy} onClick={onKeep}>
          Keep theirs
        </Button>
        {canReplace && (
          <Button type="button" variant="danger" disabled={busy} onClick={onReplace}>
            Replace it
          </Button>
        )}
      </div>
    </section>
  );
}
