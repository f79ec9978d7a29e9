import { describe, expect, it } from "vitest";
import { can, canAssignRole, PERMISSIONS, roleRank, ROLES } from "./permissions";

describe("permission table", () => {
  it("lets higher roles do everything lower roles may, except support-only limits", () => {
    for (const [perm, roles] of Object.entries(PERMISSIONS)) {
      const lowest = Math.max(...roles.map((r) => (ROLES as readonly string[]).indexOf(r)));
      for (let i = 0; i <= lowest; i++) {
        if (ROLES[i] === "SUPPORT") continue;
        expect(can(ROLES[i], perm as keyof typeof PERMISSIONS), `${ROLES[i]} ${perm}`).toBe(true);
      }
    }
  });

  it("gives viewers no mutation", () => {
    const mutations = Object.keys(PERMISSIONS).filter((p) => !p.endsWith(".read")) as (keyof typeof PERMISSIONS)[];
    expect(mutations).toContain("connections.token");
    for (const p of mutations) expect(can("VIEWER", p), p).toBe(false);
  });

  it("limits support to reviews", () => {
    const allowed = Object.keys(PERMISSIONS).filter((p) => can("SUPPORT", p as keyof typeof PERMISSIONS));
    expect(allowed.sort()).toEqual(["org.read", "reviews.read", "reviews.reply"]);
  });

  it("lets a client approver view and approve, nothing else", () => {
    const allowed = Object.keys(PERMISSIONS).filter((p) => can("CLIENT_APPROVER", p as keyof typeof PERMISSIONS));
    expect(allowed.sort()).toEqual(["apps.read", "changeSets.approve", "changeSets.read", "media.read", "metadata.read", "org.read"]);
    expect(roleRank("CLIENT_APPROVER")).toBeLessThan(roleRank("VIEWER"));
  });

  it("keeps owner changes to owners", () => {
    expect(canAssignRole("ADMIN", "EDITOR", "ADMIN")).toBe(true);
    expect(canAssignRole("ADMIN", "EDITOR", "OWNER")).toBe(false);
    expect(canAssignRole("ADMIN", "OWNER", "ADMIN")).toBe(false);
    expect(canAssignRole("ADMIN", "OWNER", null)).toBe(false);
    expect(canAssignRole("OWNER", "OWNER", "ADMIN")).toBe(true);
    expect(canAssignRole("EDITOR", "VIEWER", "SUPPORT")).toBe(false);
  });
});
