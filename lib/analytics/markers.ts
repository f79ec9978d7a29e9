import type { OrgContext } from "@/lib/tenancy/context";

/** A change that may show in an app's figures: a metadata push, a screenshot change or a version release. */
export type Marker = {
  id: string;
  kind: "metadata" | "media" | "release";
  /** ISO 8601: when the change was made. */
  at: string;
  /** YYYY-MM-DD: the first day the change can show (the UTC day after). */
  day: string;
  locales: string[];
  title: string;
  detail: string;
  by: string | null;
  versionString: string | null;
  rating: { versionString: string; reviews: number; average: number | null } | null;
};

/** The app's changes in a range, oldest first. */
export async function listMarkers(_ctx: OrgContext, _appId: string, _range: { from: string; to: string }): Promise<Marker[]> {
  return [];
}
