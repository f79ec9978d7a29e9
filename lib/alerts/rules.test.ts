import { describe, expect, it } from "vitest";
import { ALERT_KINDS, ruleFilters, ZRuleInput, ZRuleUpdate } from "./rules";

const base = { name: "A rule", channelIds: ["ch_1"] };
/** The first message per field, as a 422 answer names them. */
const problems = (r: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) => Object.fromEntries((r.error?.issues ?? []).toReversed().map((i) => [i.path.join("."), i.message]));

describe("a rule's filters, by its kind", () => {
  it("gives every kind its defaults when filters are left out", () => {
    const filters = Object.fromEntries(ALERT_KINDS.map((kind) => [kind, ZRuleInput.parse({ ...base, kind }).filters]));
    expect(filters).toEqual({
      NEW_REVIEW: { ratings: [], territories: [], words: [] },
      REVIEW_EDITED: {},
      RATING_DROP: { minRatings: 10, dropBy: null },
      CONNECTION_PROBLEM: {},
      SYNC_FAILING: { failuresInARow: 3 },
      SALES_FAILING: {},
      KEY_AGE: { days: 180 },
      CHANGE_SET_WAITING: {},
    });
    expect(ZRuleInput.parse({ ...base, kind: "RATING_DROP", filters: { dropBy: 0.5 } }).filters).toEqual({ minRatings: 10, dropBy: 0.5 });
    expect(ZRuleInput.parse({ ...base, kind: "SYNC_FAILING", filters: { failuresInARow: 5 } })).toMatchObject({ kind: "SYNC_FAILING", filters: { failuresInARow: 5 }, cadence: "IMMEDIATE", enabled: true });
  });

  it("names the field at fault", () => {
    expect(problems(ZRuleInput.safeParse({ ...base, kind: "SYNC_FAILING", filters: { failuresInARow: 0 } }))).toEqual({ "filters.failuresInARow": "filters.failuresInARow is a whole number from 1 to 100." });
    expect(problems(ZRuleInput.safeParse({ ...base, kind: "KEY_AGE", filters: { days: 30.5 } }))).toEqual({ "filters.days": "filters.days is a whole number from 1 to 3650." });
    expect(problems(ZRuleInput.safeParse({ ...base, kind: "RATING_DROP", filters: { minRatings: "ten" } }))).toEqual({ "filters.minRatings": "filters.minRatings is a whole number from 1 to 100000." });
    expect(problems(ZRuleInput.safeParse({ ...base, kind: "RATING_DROP", filters: { dropBy: 5 } }))).toEqual({ "filters.dropBy": "filters.dropBy is a number of stars from 0.01 to 4, or null." });
    expect(problems(ZRuleInput.safeParse({ ...base, kind: "NEW_REVIEW", filters: { ratings: [6] } }))).toEqual({ "filters.ratings.0": "Ratings are 1 to 5." });
  });

  it("refuses another kind's filters, saying which it takes", () => {
    expect(problems(ZRuleInput.safeParse({ ...base, kind: "SYNC_FAILING", filters: { ratings: [1] } }))).toEqual({ filters: "filters of a SYNC_FAILING rule take only failuresInARow, not ratings." });
    expect(problems(ZRuleInput.safeParse({ ...base, kind: "SALES_FAILING", filters: { days: 3 } }))).toEqual({ filters: "filters of a SALES_FAILING rule take nothing, not days." });
    expect(problems(ZRuleInput.safeParse({ ...base, kind: "KEY_AGE", filters: 90 }))).toEqual({ filters: "filters of a KEY_AGE rule is an object of days." });
  });

  it("names the kinds when the kind is unknown or missing", () => {
    const message = `kind must be one of ${ALERT_KINDS.join(", ")}.`;
    expect(problems(ZRuleInput.safeParse({ ...base, kind: "NEW_SALE" }))).toEqual({ kind: message });
    expect(problems(ZRuleInput.safeParse(base))).toEqual({ kind: message });
  });

  it("reads stored filters by the kind, and gives null for ones that no longer read", () => {
    expect(ruleFilters("KEY_AGE", { days: 90 })).toEqual({ days: 90 });
    expect(ruleFilters("KEY_AGE", null)).toEqual({ days: 180 });
    expect(ruleFilters("SYNC_FAILING", { failuresInARow: -1 })).toBeNull();
    expect(ruleFilters("REVIEW_EDITED", { ratings: [1] })).toBeNull();
  });
});

describe("a change to a rule", () => {
  it("takes any of its fields, but not its kind, and at least one", () => {
    expect(ZRuleUpdate.parse({ enabled: false })).toEqual({ enabled: false });
    expect(ZRuleUpdate.parse({ quietHours: { from: "22:00", to: "07:00" }, cadence: "DAILY" })).toEqual({ quietHours: { from: 1320, to: 420 }, cadence: "DAILY" });
    expect(ZRuleUpdate.parse({ quietHours: null })).toEqual({ quietHours: null });
    expect(problems(ZRuleUpdate.safeParse({ kind: "KEY_AGE" }))).toEqual({ "": "A rule's kind cannot change: add a new rule instead." });
    expect(problems(ZRuleUpdate.safeParse({}))).toEqual({ "": "Give at least one field to change." });
    expect(problems(ZRuleUpdate.safeParse({ channelIds: [] }))).toEqual({ channelIds: "Choose at least one channel." });
  });
});
