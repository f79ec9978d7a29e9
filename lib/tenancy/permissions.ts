import type { Role } from "@/lib/generated/prisma/enums";

/** The team's roles, highest first. A role includes what every role below it may do. */
export const ROLES = ["OWNER", "ADMIN", "EDITOR", "SUPPORT", "VIEWER"] as const satisfies readonly Role[];

/**
 * Every role a member may hold: the team's, and an agency's client, who stands outside that
 * ladder (views the connections granted and approves change sets, nothing else).
 */
export const ALL_ROLES = [...ROLES, "CLIENT_APPROVER"] as const satisfies readonly Role[];

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  EDITOR: "Editor",
  SUPPORT: "Support",
  VIEWER: "Viewer",
  CLIENT_APPROVER: "Client approver",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  OWNER: "Everything, including deleting the organisation and managing owners.",
  ADMIN: "Manages connections, members, invitations and settings; reads the audit log.",
  EDITOR: "Edits and pushes App Store metadata; answers reviews.",
  SUPPORT: "Reads and answers customer reviews, nothing else.",
  VIEWER: "Reads apps, metadata, reviews and sales.",
  CLIENT_APPROVER: "For an agency's client: sees the apps and metadata of the connections granted, and approves or rejects their change sets.",
};

/**
 * The one table that decides every action. Each permission lists exactly the roles
 * that hold it; route handlers, pages and the CLI ask `can()` and nothing else.
 */
export const PERMISSIONS = {
  "org.read": ["OWNER", "ADMIN", "EDITOR", "SUPPORT", "VIEWER", "CLIENT_APPROVER"],
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
  "apps.read": ["OWNER", "ADMIN", "EDITOR", "VIEWER", "CLIENT_APPROVER"],
  "metadata.read": ["OWNER", "ADMIN", "EDITOR", "VIEWER", "CLIENT_APPROVER"],
  "metadata.edit": ["OWNER", "ADMIN", "EDITOR"],
  "reviews.read": ["OWNER", "ADMIN", "EDITOR", "SUPPORT", "VIEWER"],
  "reviews.reply": ["OWNER", "ADMIN", "EDITOR", "SUPPORT"],
  "sales.read": ["OWNER", "ADMIN", "EDITOR", "VIEWER"],
  "media.read": ["OWNER", "ADMIN", "EDITOR", "VIEWER", "CLIENT_APPROVER"],
  "media.edit": ["OWNER", "ADMIN", "EDITOR"],
  "analytics.read": ["OWNER", "ADMIN", "EDITOR", "VIEWER"],
  /** Alert channels, rules and the delivery log: org-wide, and a hook's address is a secret. */
  "alerts.manage": ["OWNER", "ADMIN"],
  "changeSets.read": ["OWNER", "ADMIN", "EDITOR", "VIEWER", "CLIENT_APPROVER"],
  "changeSets.submit": ["OWNER", "ADMIN", "EDITOR"],
  "changeSets.approve": ["OWNER", "ADMIN", "CLIENT_APPROVER"],
  /** Approving, editing or rejecting replies that wait for a senior member. */
  "replies.approve": ["OWNER", "ADMIN"],
  "reports.read": ["OWNER", "ADMIN", "EDITOR", "VIEWER"],
  "reports.manage": ["OWNER", "ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** A role's place on the team's ladder; a client approver is below every team role. */
export function roleRank(role: Role): number {
  const i = (ROLES as readonly Role[]).indexOf(role);
  return i < 0 ? 0 : ROLES.length - i;
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
