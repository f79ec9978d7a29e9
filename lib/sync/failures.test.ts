import type { Job } from "bullmq";
import { describe, expect, it } from "vitest";
import { AscError, ReportFormatError } from "@/lib/asc/errors";
import { afterFailure, failureReason, keyRefused } from "./failures";

const job = (attemptsMade: number, attempts = 8) => ({ attemptsMade, opts: { attempts } }) as unknown as Job;
const apple = (status: number, code?: string) => new AscError(status, code ? [{ code }] : [], 1);

describe("sync failures", () => {
  it("words Apple's answers and unreadable reports for the Sync page, with a code", () => {
    expect(failureReason(apple(429))).toEqual({ message: "App Store Connect is rate-limiting this key. Try again later.", code: "HTTP_429" });
    expect(failureReason(new ReportFormatError("TRUNCATED_REPORT", "empty report body"))).toEqual({ message: "The report from App Store Connect was cut short or unreadable.", code: "TRUNCATED_REPORT" });
    expect(failureReason(new ReportFormatError("CORRUPT_REPORT", "Line 4: the Apple Identifier is empty."))).toEqual({ message: "The report from App Store Connect could not be stored: Line 4: the Apple Identifier is empty.", code: "CORRUPT_REPORT" });
    expect(failureReason(Object.assign(new Error("connect ECONNREFUSED"), { name: "PrismaClientInitializationError" }))).toMatchObject({ code: "DATABASE" });
    expect(failureReason(new Error("SELECT secret FROM ..."))).toEqual({ message: "The sync stopped on an unexpected error; see the worker log.", code: "INTERNAL" });
  });

  it("retries what time can fix, and ends Apple's refusals and the last attempt at once", () => {
    for (const e of [apple(0), apple(429), apple(503), new ReportFormatError("TRUNCATED_REPORT", "cut"), new ReportFormatError("CORRUPT_REPORT", "bad"), new Error("db")]) expect(afterFailure(e, job(0))).toBe("retry");
    for (const e of [apple(400), apple(404), apple(409)]) expect(afterFailure(e, job(0))).toBe("final");
    expect(afterFailure(apple(503), job(7))).toBe("final");
    expect([keyRefused(apple(401)), keyRefused(apple(403, "FORBIDDEN_ERROR"))]).toEqual([true, false]);
  });
});
