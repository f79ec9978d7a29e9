import { describe, expect, it } from "vitest";
import { byVersionDesc, charCount, editability, keywordHints, valueProblems } from "./fields";

describe("metadata fields", () => {
  it("counts characters as code points and flags values over Apple's limits", () => {
    expect(charCount("日本語😀")).toBe(4);
    expect(valueProblems("keywords", "a".repeat(100))).toEqual([]);
    expect(valueProblems("keywords", "a".repeat(101))).toEqual(["Keywords is 101 characters; Apple's limit is 100."]);
    expect(valueProblems("name", "😀".repeat(30))).toEqual([]);
  });

  it("accepts only http(s) addresses in URL fields, and an empty one", () => {
    expect(valueProblems("supportUrl", "https://example.com/help")).toEqual([]);
    expect(valueProblems("supportUrl", "")).toEqual([]);
    expect(valueProblems("supportUrl", "ftp://example.com")).toHaveLength(1);
    expect(valueProblems("marketingUrl", "example.com")).toHaveLength(1);
  });

  it("makes version fields read-only outside editable states, except promotional text", () => {
    expect(editability("keywords", "PREPARE_FOR_SUBMISSION")).toEqual({ editable: true });
    expect(editability("keywords", "READY_FOR_SALE")).toMatchObject({ editable: false, reason: expect.stringMatching(/ready for sale/) });
    expect(editability("promotionalText", "READY_FOR_SALE")).toEqual({ editable: true });
    expect(editability("name", null)).toEqual({ editable: true });
  });

  it("finds repeated keywords, words already in the name or subtitle, spaces after commas, and bytes", () => {
    expect(keywordHints("photo, editor,Photo,filters", { name: "Snap Editor", subtitle: "Quick filters" })).toEqual({
      duplicates: ["photo"],
      inNameOrSubtitle: ["editor", "filters"],
      spacesAfterCommas: true,
      bytes: 27,
    });
    expect(keywordHints("写真,編集").bytes).toBe(13);
  });

  it("orders versions newest first by number, not by text", () => {
    const vs = ["1.9", "1.10", "2.0", "1.9.1", "1.0"].map((versionString) => ({ versionString }));
    expect(vs.sort(byVersionDesc).map((v) => v.versionString)).toEqual(["2.0", "1.10", "1.9.1", "1.9", "1.0"]);
  });
});
