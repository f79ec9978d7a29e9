"use client";

import type { Marker } from "@/lib/analytics/markers";

/** What a change did to conversion: before and after windows around the marker's day. */
export function EffectPanel({ marker, onClose }: { orgId: string; appId: string; marker: Marker; onClose: () => void }) {
  return (
    <section role="dialog" aria-label={`Effect of ${marker.title}`} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <p className="text-sm text-slate-700">{marker.title}</p>
      <button type="button" onClick={onClose} className="mt-2 text-sm font-medium text-brand-700 hover:underline">
        Close
      </button>
    </section>
  );
}
