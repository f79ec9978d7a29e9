import pg from "pg";

/** Direct reads of the e2e database, to check what a request left behind. */
let pool: pg.Pool | undefined;
export function e2eDb() {
  pool ??= new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL, max: 2 });
  return pool;
}

export async function count(table: string, where = "TRUE", params: unknown[] = []) {
  const { rows } = await e2eDb().query(`SELECT count(*)::int AS n FROM "${table}" WHERE ${where}`, params);
  return rows[0].n as number;
}

/** Everything an organisation owns, as one comparable value: proves a refused request changed nothing. */
export async function orgFingerprint(orgId: string) {
  const q = async (sql: string) => (await e2eDb().query(sql, [orgId])).rows;
  return JSON.stringify({
    org: await q(`SELECT id, name, slug, "timeZone", "requireApproval", "replyApproval" FROM "Organization" WHERE id = $1`),
    members: await q(`SELECT id, "userId", role, "restrictConnections", "repliesNeedApproval" FROM "Membership" WHERE "organizationId" = $1 ORDER BY id`),
    grants: await q(`SELECT "membershipId", "connectionId" FROM "ConnectionGrant" WHERE "organizationId" = $1 ORDER BY id`),
    invitations: await q(`SELECT id, role, "acceptedAt", "revokedAt" FROM "Invitation" WHERE "organizationId" = $1 ORDER BY id`),
    connections: await q(`SELECT id, name, "keyId", status, "testedAt", "vendorNumber", "reviewsEveryMinutes", "metadataEveryMinutes", "salesHourUtc", "requireApproval" FROM "Connection" WHERE "organizationId" = $1 ORDER BY id`),
    syncRuns: await q(`SELECT id, kind FROM "SyncRun" WHERE "organizationId" = $1 ORDER BY id`),
    apiTokens: await q(`SELECT id, name, "revokedAt" FROM "ApiToken" WHERE "organizationId" = $1 ORDER BY id`),
    drafts: await q(`SELECT id, "localizationId", field, value, "baseValue" FROM "MetadataDraft" WHERE "organizationId" = $1 ORDER BY id`),
    changes: await q(`SELECT id, "localizationId", field, "newValue" FROM "MetadataChange" WHERE "organizationId" = $1 ORDER BY id`),
    reviews: await q(`SELECT id, "responseAppleId", "responseBody", "assignedToId" FROM "SyncedReview" WHERE "organizationId" = $1 ORDER BY id`),
    templates: await q(`SELECT id, name, body FROM "ReplyTemplate" WHERE "organizationId" = $1 ORDER BY id`),
    mediaSets: await q(`SELECT id, "appleId", "displayType", total FROM "MediaSet" WHERE "organizationId" = $1 ORDER BY id`),
    mediaAssets: await q(`SELECT id, "setId", "appleId", position FROM "MediaAsset" WHERE "organizationId" = $1 ORDER BY id`),
    mediaUploads: await q(`SELECT id, "localizationId", "displayType", "fileName" FROM "MediaUpload" WHERE "organizationId" = $1 ORDER BY id`),
    mediaChanges: await q(`SELECT id, action, detail FROM "MediaChange" WHERE "organizationId" = $1 ORDER BY id`),
    // Deliveries by what they are, not their progress: the worker sends them while a spec runs.
    alertChannels: await q(`SELECT id, name, kind FROM "AlertChannel" WHERE "organizationId" = $1 ORDER BY id`),
    alertRules: await q(`SELECT id, name, enabled FROM "AlertRule" WHERE "organizationId" = $1 ORDER BY id`),
    alertDeliveries: await q(`SELECT id, "channelId", "dedupeKey" FROM "AlertDelivery" WHERE "organizationId" = $1 ORDER BY id`),
    changeSets: await q(`SELECT id, status, "decidedAt", "scheduledFor" FROM "ChangeSet" WHERE "organizationId" = $1 ORDER BY id`),
    clientReports: await q(`SELECT id, cadence, recipients, enabled FROM "ClientReport" WHERE "organizationId" = $1 ORDER BY id`),
    clientReportSends: await q(`SELECT id, "reportId", period FROM "ClientReportSend" WHERE "organizationId" = $1 ORDER BY id`),
    pendingReplies: await q(`SELECT id, "reviewId", body, status FROM "PendingReply" WHERE "organizationId" = $1 ORDER BY id`),
    locales: await q(
      `SELECT 'info' AS kind, locale, "appleId" FROM "SyncedAppInfoLocalization" WHERE "organizationId" = $1 UNION ALL SELECT 'version', locale, "appleId" FROM "SyncedVersionLocalization" WHERE "organizationId" = $1 ORDER BY 1, 2, 3`,
    ),
  });
}
