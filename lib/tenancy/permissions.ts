import type { Role } from "@/lib/generated/prisma/enums";

/** Highest first. A role includes what every role below it may do. */
export const ROLES = ["OWNER", "ADMIN", "EDITOR", "SUPPORT", "VIEWER"] as const satisfies readonly Role[];

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  EDITOR: "Editor",
  SUPPORT: "Support",
  VIEWER: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  OWNER: "Everything, including deleting the organisation and managing owners.",
  ADMIN: "Manages connections, members, invitations and settings; reads the audit log.",
  EDITOR: "Edits and pushes App Store metadata; answers reviews.",
  SUPPORT: "Reads and answers customer reviews, nothing else.",
  VIEWER: "Reads apps, metadata, reviews and sales.",
};

/**
 * The one table that decides every action. Each permission lists exactly the roles
 * that hold it; route handlers, pages and the CLI ask `can()` and nothing else.
 */
export const PERMISSIONS = {
  "org.read": ["OWNER", "ADMIN", "EDITOR", "SUPPORT", "VIEWER"],
  "org.update": ["OWNER", "ADMIN"],
  "org.delete": ["OWNER"],
  "members.read": ["OWNER", "ADMIN"],
  "members.manage": ["OWNER", "ADMIN"],
  "invitations.manage": ["OWNER", "ADMIN"],
  "audit.read": ["OWNER", "ADMIN"],
  "connections.read": ["OWNER", "ADMIN", "EDITOR", "VIEWER"],
  "connections.manage": ["OWNER", "ADMIN"],
  "connections.token": ["OWNER", "ADMIN", "EDITOR"],
  "sync.run": ["OWNER", "ADMIN", "EDITOR"],
  "sync.configure": ["OWNER", "ADMIN"],
  "apiTokens.manage": ["OWNER", "ADMIN"],
  "apps.read": ["OWNER", "ADMIN", "EDITOR", "VIEWER"],
  "metadata.read": ["OWNER", "ADMIN", "EDITOR", "VIEWER"],
  "metadata.edit": ["OWNER", "ADMIN", "EDITOR"],
  "reviews.read": ["OWNER", "ADMIN", "EDITOR", "SUPPORT", "VIEWER"],
  "reviews.reply": ["OWNER", "ADMIN", "EDITOR", "SUPPORT"],
  "sales.read": ["OWNER", "ADMIN", "EDITOR", "VIEWER"],
  "media.read": ["OWNER", "ADMIN", "EDITOR", "VIEWER"],
  "media.edit": ["OWNER", "ADMIN", "EDITOR"],
  "analytics.read": ["OWNER", "ADMIN", "EDITOR", "VIEWER"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function roleRank(role: Role): number {
  return ROLES.length - ROLES.indexOf(role);
}

/**
 * Whether `actor` may give `target` the role `next` (or remove them when `next` is null).
 * Only owners touch owners or make new ones; nobody changes their own role.
 */
export function canAssignRole(actor: Role, targetCurrent: Role | null, next: Role | null): boolean {
  if (!can(actor, "members.manage")) return false;
  if (actor === "OWNER") return true;
  if (targetCurrent === "OWNER" || next === "OWNER") return false;
  return true;
}
