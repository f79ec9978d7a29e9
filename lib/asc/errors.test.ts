import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { ascAppError, AscError, ReportFormatError } from "./errors";
import { missingReport } from "./reports";

const apple = (status: number, item: { code?: string; detail?: string; title?: string; pointer?: string; parameter?: string } = {}) =>
  new AscError(status, [{ status: String(status), code: item.code, title: item.title, detail: item.detail, source: item.pointer || item.parameter ? { pointer: item.pointer, parameter: item.parameter } : undefined }], 1);

describe("ascAppError: App Store Connect's answer as our error", () => {
  it.each([
    [0, "unavailable", 503, "Could not reach App Store Connect."],
    [401, "conflict", 409, "App Store Connect refused the key: the Issuer ID, Key ID or private key is wrong, or the key was revoked."],
    [403, "conflict", 409, "The App Store Connect key's role does not allow this."],
    [404, "conflict", 409, "App Store Connect has no such item (it may have been deleted)."],
    [410, "conflict", 409, "App Store Connect answered 410."],
    [429, "rate_limited", 429, "App Store Connect is rate-limiting this key. Try again later."],
    [500, "unavailable", 503, "App Store Connect answered 500."],
    [503, "unavailable", 503, "App Store Connect answered 503."],
  ])("Apple %i is our %s (%i) with words for people", (status, code, http, message) => {
    const e = ascAppError(apple(status, { code: "SOME_CODE", detail: "Apple's own sentence." }));
    expect(e).toBeInstanceOf(AppError);
    expect([e.code, e.status, e.publicMessage, e.field]).toEqual([code, http, message, undefined]);
    expect((e.options.cause as AscError).code).toBe("SOME_CODE");
  });

  it("adds Apple's detail to a refused change (409, 422) and names the field its pointer names", () => {
    const tooLong = apple(409, { code: "ENTITY_ERROR.ATTRIBUTE.INVALID.TOO_LONG", detail: "The response body is longer than 5970 characters.", pointer: "/data/attributes/responseBody" });
    expect(ascAppError(tooLong)).toMatchObject({ code: "conflict", status: 409, publicMessage: "App Store Connect refused the change. The response body is longer than 5970 characters.", field: "responseBody" });
    const invalid = apple(422, { code: "ENTITY_ERROR", detail: "Keywords are too long.", pointer: "/data/attributes/keywords" });
    expect(ascAppError(invalid)).toMatchObject({ code: "conflict", status: 409, publicMessage: "App Store Connect could not process the change. Keywords are too long.", field: "keywords" });
    // A parameter or a pointer outside the attributes names no form field.
    expect(ascAppError(apple(400, { code: "PARAMETER_ERROR.INVALID", detail: "bad", parameter: "filter[version]" })).field).toBeUndefined();
    expect(ascAppError(apple(409, { detail: "x", pointer: "/data/relationships/review" })).field).toBeUndefined();
  });

  it("words a call site's context around Apple's answer and maps Apple's attribute to its form field", () => {
    const tooLong = apple(409, { detail: "The response body is longer than 5970 characters.", pointer: "/data/attributes/responseBody" });
    const reply = ascAppError(tooLong, { lead: "App Store Connect refused the reply:", detailOnly: true, fieldOf: (a) => (a === "responseBody" ? "body" : undefined) });
    expect([reply.publicMessage, reply.field]).toEqual(["App Store Connect refused the reply: The response body is longer than 5970 characters.", "body"]);
    // Without a detail, Apple's title; without either, a plain fallback.
    expect(ascAppError(apple(409, { title: "Conflict" }), { lead: "Refused:", detailOnly: true }).publicMessage).toBe("Refused: Conflict");
    expect(ascAppError(apple(409), { lead: "Refused:", detailOnly: true }).publicMessage).toBe("Refused: request failed");
    const locale = ascAppError(apple(409, { detail: "Unknown locale.", pointer: "/data/attributes/colour" }), { lead: "App Store Connect refused the new locale:", fieldOf: () => undefined, field: "locale" });
    expect([locale.publicMessage, locale.field]).toEqual(["App Store Connect refused the new locale: App Store Connect refused the change. Unknown locale.", "locale"]);
    expect(ascAppError(apple(401), { lead: "Nothing was pushed." }).publicMessage).toMatch(/^Nothing was pushed\. App Store Connect refused the key/);
  });

  it("words unreadable reports on their own, as Apple being unavailable", () => {
    const cut = ascAppError(new ReportFormatError("TRUNCATED_REPORT", "the report was cut short (unexpected end of file)"));
    expect([cut.code, cut.status, cut.publicMessage]).toEqual(["unavailable", 503, "The report from App Store Connect was cut short or unreadable."]);
    const bad = ascAppError(new ReportFormatError("CORRUPT_REPORT", 'Line 4: Units "five" is not a number.'));
    expect([bad.code, bad.status, bad.publicMessage]).toEqual(["unavailable", 503, 'The report from App Store Connect could not be stored: Line 4: Units "five" is not a number.']);
  });
});

describe("missingReport: Apple's two sales-report 404s", () => {
  it("tells a day without sales from a report not out yet by Apple's detail only", () => {
    expect(missingReport(apple(404, { code: "NOT_FOUND", detail: "There were no sales for the date specified." }))).toBe("NO_SALES");
    expect(missingReport(apple(404, { code: "NOT_FOUND", detail: "Report is not available yet. Daily reports for the Americas are available by 5 am Pacific Time." }))).toBe("NOT_AVAILABLE");
    expect(missingReport(apple(404, { code: "NOT_FOUND", detail: "The specified resource does not exist" }))).toBeNull();
    // Only a 404 is a missing report, whatever the words.
    expect(missingReport(apple(400, { detail: "There were no sales for the date specified." }))).toBeNull();
  });
});
