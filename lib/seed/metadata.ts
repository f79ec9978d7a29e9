import { db } from "@/lib/db/client";
import type { SeededApp } from "./apps";

type FieldOf = { localizationId: string; locale: string; field: string };

/** An unpushed edit of one field of one localization, based on the value App Store Connect held (`baseValue`). */
export async function makeDraft(app: SeededApp, draft: FieldOf & { value: string; baseValue: string | null; updatedById?: string }) {
  return db.metadataDraft.create({
    data: { organizationId: app.organizationId, connectionId: app.connectionId, appId: app.id, ...draft },
    select: { id: true, field: true, value: true, baseValue: true },
  });
}

/** A field pushed to App Store Connect earlier: what it was and what it became, and by whom. */
export async function makeChange(
  app: SeededApp,
  change: FieldOf & { versionString?: string | null; oldValue: string | null; newValue: string; pushedById?: string; pushedByEmail: string; pushedAt?: Date },
) {
  return db.metadataChange.create({
    data: { organizationId: app.organizationId, connectionId: app.connectionId, appId: app.id, ...change },
    select: { id: true, field: true, oldValue: true, newValue: true },
  });
}
