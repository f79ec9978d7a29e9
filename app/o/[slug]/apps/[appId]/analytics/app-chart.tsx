"use client";

import type { Marker } from "@/lib/analytics/markers";
import { AnalyticsChart } from "@/app/o/[slug]/analytics/analytics-chart";
import type { TAnalyticsView } from "@/app/o/[slug]/analytics/format";
import { EffectPanel } from "./effect-panel";

/** The app's chart with its changes marked; a change opens what it did to conversion. */
export function AppAnalyticsChart({ orgId, appId, view, label, markers, csvHref }: { orgId: string; appId: string; view: Pick<TAnalyticsView, "series" | "granularity">; label: string; markers: Marker[]; csvHref: string }) {
  return <AnalyticsChart view={view} label={label} markers={markers} csvHref={csvHref} panel={(marker, close) => <EffectPanel orgId={orgId} appId={appId} marker={marker} onClose={close} />} />;
}
