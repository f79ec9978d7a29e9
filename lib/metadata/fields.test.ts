import { describe, expect, it } from "vitest";
import { appInfoStateOf, byVersionDesc, byteCount, charCount, editability, keywordHints, lengthOf, valueProblems, versionStateOf } from "./fields";

describe("metadata fields", () => {
  it("limits keywords in UTF-8 bytes and the other fields in characters, counting an emoji as two (the stricter reading)", () => {
    expect(charCount("日本語😀")).toBe(5);
    expect(byteCount("日本語😀")).toBe(13);
    expect(valueProblems("keywords", "a".repeat(100))).toEqual([]);
    expect(valueProblems("keywords", "a".repeat(101))).toEqual(["Keywords is 101 bytes; Apple's limit is 100 bytes."]);
    // 40 Japanese characters are 120 bytes: over Apple's limit though well under 100 characters.
    const japanese = "写真編集カメラ加工フィルター美肌コラージュ動画編集スタンプ文字入れ背景ぼかし明る";
    expect(charCount(japanese)).toBe(40);
    expect(lengthOf("keywords", japanese)).toEqual({ n: 120, unit: "bytes" });
    expect(valueProblems("keywords", japanese)).toEqual(["Keywords is 120 bytes; Apple's limit is 100 bytes."]);
    expect(valueProblems("keywords", "写真".repeat(16))).toEqual([]);
    // Other fields stay in characters: 30 Japanese characters are a valid name.
    expect(valueProblems("name", "写".repeat(30))).toEqual([]);
    expect(valueProblems("name", "😀".repeat(15))).toEqual([]);
    expect(valueProblems("name", "😀".repeat(16))).toEqual(["Name is 32 characters; Apple's limit is 30 characters."]);
  });

  it("accepts only http(s) addresses in URL fields, and an empty one", () => {
    expect(valueProblems("supportUrl", "https://example.com/help")).toEqual([]);
    expect(valueProblems("supportUrl", "")).toEqual([]);
    expect(valueProblems("supportUrl", "ftp://example.com")).toHaveLength(1);
    expect(valueProblems("marketingUrl", "example.com")).toHaveLength(1);
  });

  it("makes version fields read-only outside editable appVersionStates, except promotional text", () => {
    expect(editability("keywords", "PREPARE_FOR_SUBMISSION")).toEqual({ editable: true });
    for (const state of ["READY_FOR_DISTRIBUTION", "READY_FOR_REVIEW", "WAITING_FOR_REVIEW", "IN_REVIEW", "ACCEPTED", "PENDING_DEVELOPER_RELEASE", "PROCESSING_FOR_DISTRIBUTION", "WAITING_FOR_EXPORT_COMPLIANCE", "SOMETHING_NEW"]) {
      expect(editability("keywords", state), state).toMatchObject({ editable: false });
      expect(editability("promotionalText", state), state).toEqual({ editable: true });
    }
    expect(editability("keywords", "READY_FOR_DISTRIBUTION")).toMatchObject({ reason: expect.stringMatching(/while the version is ready for distribution/) });
  });

  it("makes app information fields editable only on an app info being prepared or sent back", () => {
    for (const state of ["PREPARE_FOR_SUBMISSION", "DEVELOPER_REJECTED", "REJECTED"]) expect(editability("name", null, state), state).toEqual({ editable: true });
    expect(editability("name", null, "READY_FOR_DISTRIBUTION")).toMatchObject({ editable: false, reason: expect.stringMatching(/only with a new version/) });
    expect(editability("subtitle", null, "WAITING_FOR_REVIEW")).toMatchObject({ editable: false, reason: expect.stringMatching(/while it is waiting for review/) });
    expect(editability("privacyPolicyUrl", null, null)).toMatchObject({ editable: false });
  });

  it("reads appVersionState and the app info state, deriving them from the deprecated appStoreState when absent", () => {
    expect(versionStateOf({ appVersionState: "ACCEPTED", appStoreState: "ACCEPTED" })).toBe("ACCEPTED");
    expect(versionStateOf({ appVersionState: null, appStoreState: "READY_FOR_SALE" })).toBe("READY_FOR_DISTRIBUTION");
    expect(versionStateOf({ appStoreState: "PROCESSING_FOR_APP_STORE" })).toBe("PROCESSING_FOR_DISTRIBUTION");
    expect(appInfoStateOf({ state: null, appStoreState: "READY_FOR_SALE" })).toBe("READY_FOR_DISTRIBUTION");
    expect(appInfoStateOf({ state: "PREPARE_FOR_SUBMISSION", appStoreState: "READY_FOR_SALE" })).toBe("PREPARE_FOR_SUBMISSION");
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
