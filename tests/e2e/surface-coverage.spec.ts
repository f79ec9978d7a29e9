import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, test } from "@playwright/test";
import { API_CASES, PAGE_CASES } from "./support/org-surface";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The tenancy specs must cover every organisation-scoped page and route that exists. */
test("every org-scoped page and route is in the tenancy surface", () => {
  const files = walk("app").map((f) => relative("app", f));
  const routes = files
    .filter((f) => f.startsWith("api/orgs/[orgId]") && f.endsWith("route.ts"))
    .map((f) => f.replace(/\/route\.ts$/, ""));
  const pages = files.filter((f) => f.startsWith("o/[slug]") && f.endsWith("page.tsx")).map((f) => f.replace(/\/page\.tsx$/, ""));
  expect(routes.length).toBeGreaterThan(0);
  expect(pages.length).toBeGreaterThan(0);
  for (const r of routes) {
    const source = readFileSync(join("app", r, "route.ts"), "utf8");
    // A route file mounts its operations: `export const { GET, POST } = routes("/api/orgs/[orgId]/…")`.
    const methods = /export const \{ ([A-Z, ]+) \} = routes\(/.exec(source)?.[1].split(", ") ?? [];
    expect(methods.length, `route ${r} exports a method`).toBeGreaterThan(0);
    for (const m of methods) expect(API_CASES.map((c) => `${c.method} ${c.route}`), `route ${m} ${r}`).toContain(`${m} ${r}`);
  }
  for (const p of pages) expect(PAGE_CASES.map((c) => c.route), `page ${p}`).toContain(p);
});
