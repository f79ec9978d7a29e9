import { z } from "zod";
import { defineOperation } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { SYNC_KINDS } from "@/lib/sync/status";
import { organisationOverview } from "./summary";

const ZFigure = z.object({
  currency: z.string().describe("ISO 4217 currency of the proceeds, as Apple reports it"),
  units: z.number().int().describe("Net units: refunds subtract"),
  proceeds: z.string().describe("Developer proceeds, decimal string with 2 places, never converted"),
});
const forRole = (what: string) => `${what}; null when the caller's role may not read it`;

const ZConnectionOverview = z.object({
  id: z.string(),
  name: z.string(),
  health: z
    .object({
      status: z.enum(["UNTESTED", "WORKING", "FAILING", "REVOKED"]),
      statusReason: z.string().nullable(),
      syncPausedAt: z.string().nullable().describe("ISO 8601; set while Apple refuses the key itself and schedules are off"),
      testedAt: z.string().nullable(),
      problems: z.array(
        z.object({
          area: z.enum(["apps", "metadata", "reviews", "sales", "clock"]),
          reason: z.string().describe("In plain words"),
          source: z.enum(["sync", "check"]).describe("`sync`: the kind is blocked after Apple refused it (403); `check`: found by the last capability check"),
        }),
      ),
    })
    .nullable()
    .describe(forRole("The connection's state and what its key may not do")),
  reviews: z
    .object({ unreplied: z.number().int().describe("Reviews without a developer response"), unrepliedLow: z.number().int().describe("Of those, rated 1★ or 2★") })
    .nullable()
    .describe(forRole("Unreplied reviews")),
  drafts: z
    .object({
      total: z.number().int(),
      apps: z.array(z.object({ appId: z.string(), appName: z.string(), drafts: z.number().int(), failedPushes: z.number().int().describe("Drafts whose last push Apple refused") })),
    })
    .nullable()
    .describe(forRole("Metadata drafts waiting to be pushed, per app")),
  media: z
    .object({
      underWay: z.number().int(),
      failed: z.number().int().describe("Uploads that failed in the last 7 days"),
      apps: z.array(z.object({ appId: z.string(), appName: z.string(), underWay: z.number().int(), failed: z.number().int() })),
    })
    .nullable()
    .describe(forRole("Screenshot and preview uploads under way or failed, per app")),
  sales: z
    .object({
      off: z.string().nullable().describe("Why this connection fetches no sales reports, when it does not"),
      yesterday: z.object({
        day: z.string().describe("YYYY-MM-DD (UTC)"),
        status: z.enum(["FETCHED", "NO_SALES", "NOT_AVAILABLE", "FAILED", "NOT_FETCHED"]),
        reason: z.string().nullable().describe("Why the day's report is not in, in words"),
        figures: z.array(ZFigure),
      }),
      latest: z.object({ day: z.string(), figures: z.array(ZFigure) }).nullable().describe("When yesterday's report is not in: the newest day of the last week whose report is"),
    })
    .nullable()
    .describe(forRole("Yesterday's units and proceeds per currency")),
  conversion: z
    .discriminatedUnion("state", [
      z.object({
        state: z.literal("ok"),
        from: z.string().describe("First of the 30 days, YYYY-MM-DD (UTC)"),
        to: z.string().describe("The newest day Apple has sent analytics for, YYYY-MM-DD (UTC)"),
        conversionRate: z.number().nullable().describe("First-time downloads ÷ impressions over the 30 days; null without impressions"),
        previousConversionRate: z.number().nullable().describe("The same over the 30 days before"),
        change: z.number().nullable().describe("conversionRate minus previousConversionRate (0.01 is one percentage point)"),
        impressions: z.number().int(),
        firstTimeDownloads: z.number().int(),
      }),
      z.object({ state: z.literal("not_set_up") }),
    ])
    .nullable()
    .describe(forRole("The 30-day conversion trend of the connection's apps; `not_set_up` while Apple has sent no analytics for them")),
  failingSyncs: z
    .array(z.object({ kind: z.enum(SYNC_KINDS), error: z.string().nullable(), finishedAt: z.string().nullable() }))
    .nullable()
    .describe(forRole("Kinds of sync whose last run failed")),
});

export const ZOverview = z.object({
  yesterday: z.string().describe("The day the sales figures are for, YYYY-MM-DD (UTC)"),
  connections: z.array(ZConnectionOverview),
});

export const overviewOperations = [
  defineOperation({
    id: "overview.get", method: "GET", path: "/api/orgs/[orgId]/overview", apiPath: "/api/v1/overview", access: "org.read",
    summary: "Per connection: health, unreplied reviews, drafts to push, uploads, yesterday's sales and failing syncs",
    description: "The organisation's first page. Each part is given only to roles that may read it (null otherwise): support members get the reviews alone. Agency members and restricted tokens see only their connections.",
    ok: { status: 200, description: "The overview", schema: ZOverview },
    handler: ({ ctx }) => organisationOverview(ctx),
  }),
];

export const routes = mount(overviewOperations);
