/** Every action the audit log knows, with the words the audit page shows for it. */
export const AUDIT_ACTIONS = {
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "auth.sign_out": "Signed out",
  "auth.password_changed": "Changed password",
  "org.created": "Created organisation",
  "org.renamed": "Renamed organisation",
  "org.deleted": "Deleted organisation",
  "invitation.created": "Created invitation",
  "invitation.revoked": "Revoked invitation",
  "member.joined": "Joined organisation",
  "member.role_changed": "Changed member role",
  "member.access_changed": "Changed member access",
  "member.removed": "Removed member",
  "connection.created": "Added connection",
  "connection.renamed": "Renamed connection",
  "connection.key_replaced": "Replaced connection key",
  "connection.deleted": "Deleted connection",
  "connection.tested": "Tested connection",
  "connection.sync_settings_changed": "Changed sync schedule",
  "connection.sync_paused": "Sync paused (key refused)",
  "metadata.pushed": "Pushed metadata",
  "metadata.locale_added": "Added a locale",
  "sync.requested": "Requested a sync",
  "connection.key_decrypted": "Decrypted key for signing",
  "token.minted": "Minted App Store Connect token",
  "api_token.created": "Created API token",
  "api_token.revoked": "Revoked API token",
  "api_token.used": "Used API token",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];
