import { describe, expect, it } from "vitest";
import { wordDiff } from "./diff";

const side = (parts: ReturnType<typeof wordDiff>, skip: "added" | "removed") => parts.filter((p) => p.kind !== skip).map((p) => p.text).join("");

describe("wordDiff", () => {
  it("marks the words that were removed and added, and keeps the rest", () => {
    expect(wordDiff("photo,editor,filters", "photo,camera,filters")).toEqual([
      { kind: "same", text: "photo," },
      { kind: "removed", text: "editor" },
      { kind: "added", text: "camera" },
      { kind: "same", text: ",filters" },
    ]);
  });

  it("gives both values back from its parts", () => {
    const before = "The best  app for notes.\nNow faster.";
    const after = "The best app for quick notes.\nNow much faster, and free.";
    const parts = wordDiff(before, after);
    expect(side(parts, "added")).toBe(before);
    expect(side(parts, "removed")).toBe(after);
  });

  it("handles empty values on either side", () => {
    expect(wordDiff("", "new text")).toEqual([{ kind: "added", text: "new text" }]);
    expect(wordDiff("old", "")).toEqual([{ kind: "removed", text: "old" }]);
    expect(wordDiff("", "")).toEqual([]);
  });

  it("shows very long values as replaced instead of comparing every pair of words", () => {
    const long = (w: string) => Array.from({ length: 1500 }, (_, i) => `${w}${i}`).join(" ");
    expect(wordDiff(long("a"), long("b"))).toEqual([{ kind: "removed", text: long("a") }, { kind: "added", text: long("b") }]);
  });
});
