import { randomBytes } from "node:crypto";

/** A readable, unique-enough URL segment: "acme-games-3f9k2a". Renames keep the slug so links stay valid. */
export function makeSlug(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  const suffix = randomBytes(4).toString("hex").slice(0, 6);
  return base ? `${base}-${suffix}` : `org-${suffix}`;
}
