import { z } from "zod";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-01.").refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "Not a real date.");

/** "Sync now": what to sync; sales take an optional date range (at most a year back). */
export const ZSyncRequest = z
  .object({
    kind: z.enum(["FULL", "METADATA", "REVIEWS", "REVIEWS_DEEP", "SALES", "ANALYTICS"], { message: "Choose FULL, METADATA, REVIEWS, REVIEWS_DEEP, SALES or ANALYTICS." }),
    from: Day.optional(),
    to: Day.optional(),
  })
  .strict()
  .refine((v) => v.kind === "SALES" || (v.from === undefined && v.to === undefined), { message: "A date range applies to sales only.", path: ["from"] })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: "The start date is after the end date.", path: ["from"] });
export type TSyncRequest = z.infer<typeof ZSyncRequest>;

/** A connection's schedules and vendor number, changed by admins. */
export const ZSyncSettings = z
  .object({
    vendorNumber: z
      .string()
      .trim()
      .regex(/^\d{6,12}$/, "The vendor number is 6 to 12 digits (App Store Connect › Payments and Financial Reports).")
      .nullable()
      .optional()
      .or(z.literal("").transform(() => null)),
    reviewsEveryMinutes: z.number({ message: "Enter a number of minutes." }).int("Whole minutes.").min(5, "At least every 5 minutes.").max(1440, "At most once a day (1440 minutes).").optional(),
    metadataEveryMinutes: z.number({ message: "Enter a number of minutes." }).int("Whole minutes.").min(15, "At least every 15 minutes.").max(1440, "At most once a day (1440 minutes).").optional(),
    salesHourUtc: z.number({ message: "Enter an hour from 0 to 23." }).int("An hour from 0 to 23.").min(0, "An hour from 0 to 23.").max(23, "An hour from 0 to 23.").optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "Nothing to change." });
export type TSyncSettings = z.infer<typeof ZSyncSettings>;

/** A page of a connection's run history: newest first, `cursor` from the previous page's `nextCursor`. */
export const ZSyncRunsQuery = z
  .object({
    limit: z.coerce.number({ message: "limit is a number from 1 to 100." }).int("limit is a whole number.").min(1, "limit is at least 1.").max(100, "limit is at most 100.").default(50),
    cursor: z.string().max(200, "Not a cursor this API gave out.").optional(),
  })
  .strict();
export type TSyncRunsQuery = z.infer<typeof ZSyncRunsQuery>;
