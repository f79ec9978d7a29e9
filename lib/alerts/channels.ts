import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { conflict, isUniqueViolation, notFound } from "@/lib/errors";
import type { AlertChannelKind } from "@/lib/generated/prisma/enums";
import { checkDestination } from "@/lib/outbound/destination";
import { outboundPolicy } from "@/lib/outbound/policy";
import type { OrgContext } from "@/lib/tenancy/context";
import { open, seal } from "@/lib/vault/envelope";
import { vaultKeks } from "@/lib/vault/keks";

/**
 * Alert channels: email addresses, or a Slack, Teams or generic webhook. A hook's address is
 * a secret (Slack and Teams put their token in its path), so it is sealed by the vault with
 * the webhook's signing secret; pages and answers show only its scheme and host. A generic
 * webhook's signing secret is shown once, in the answer that creates the channel.
 */

const name = z.string({ message: "Name the channel." }).trim().min(1, "Name the channel.").max(80, "A name is at most 80 characters.");
const hookUrl = z.string({ message: "Give the hook's address." }).trim().min(1, "Give the hook's address.").max(2000, "An address is at most 2000 characters.");

export const ZChannelInput = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("EMAIL"), name, emails: z.array(z.email("Each address must be an email address."), { message: "List the email addresses." }).min(1, "List at least one email address.").max(20, "At most 20 addresses.") }).strict(),
    z.object({ kind: z.literal("SLACK"), name, url: hookUrl }).strict(),
    z.object({ kind: z.literal("TEAMS"), name, url: hookUrl }).strict(),
    z.object({ kind: z.literal("WEBHOOK"), name, url: hookUrl }).strict(),
  ],
  { message: "kind must be EMAIL, SLACK, TEAMS or WEBHOOK." },
);
export type TChannelInput = z.infer<typeof ZChannelInput>;

export const ZChannel = z.object({
  id: z.string(),
  kind: z.enum(["EMAIL", "SLACK", "TEAMS", "WEBHOOK"]),
  name: z.string(),
  emails: z.array(z.string()).describe("EMAIL: the addresses"),
  target: z.string().nullable().describe("Hooks: the address's scheme and host; the rest is secret"),
  createdAt: z.string(),
});

type Row = { id: string; kind: AlertChannelKind; name: string; emails: string[]; target: string | null; createdAt: Date };
const fields = { id: true, kind: true, name: true, emails: true, target: true, createdAt: true } as const;
export const channelJson = (c: Row): z.infer<typeof ZChannel> => ({ ...c, createdAt: c.createdAt.toISOString() });

/** What the vault keeps for a hook. */
export type HookSecret = { url: string; secret: string | null };

const binding = (organizationId: string, channelId: string) => ({ organizationId, credentialId: `alert-channel:${channelId}` });

/** A hook's address and signing secret; only the delivery worker asks. */
export async function openHook(organizationId: string, channelId: string, keks = vaultKeks()): Promise<HookSecret> {
  const c = await db.alertChannel.findFirstOrThrow({ where: { id: channelId, organizationId }, select: { formatVersion: true, kekId: true, wrappedKey: true, ciphertext: true } });
  if (c.formatVersion === null || !c.kekId || !c.wrappedKey || !c.ciphertext) throw new Error("the channel has no sealed address");
  return open({ formatVersion: c.formatVersion, kekId: c.kekId, wrappedKey: Buffer.from(c.wrappedKey), ciphertext: Buffer.from(c.ciphertext) }, binding(organizationId, channelId), keks, (p) => JSON.parse(p.toString("utf8")) as HookSecret);
}

export async function listChannels(ctx: OrgContext) {
  const rows = await db.alertChannel.findMany({ where: { organizationId: ctx.orgId }, select: fields, orderBy: { name: "asc" } });
  return { channels: rows.map(channelJson) };
}

/**
 * Adds a channel. A hook's address is checked as a send would check it (refused in words,
 * naming "url", before anything is stored). Answers the channel and, for a generic webhook,
 * its signing secret: the only time it is shown.
 */
export async function createChannel(ctx: OrgContext, input: TChannelInput) {
  const id = `ach_${randomUUID().replace(/-/g, "")}`;
  let sealed: ReturnType<typeof seal> | null = null;
  let target: string | null = null;
  let secret: string | null = null;
  if (input.kind !== "EMAIL") {
    const dest = await checkDestination(input.url, outboundPolicy());
    target = `${dest.url.protocol}//${dest.url.host}`;
    if (input.kind === "WEBHOOK") secret = `whsec_${randomBytes(32).toString("base64url")}`;
    sealed = seal(Buffer.from(JSON.stringify({ url: dest.url.href, secret } satisfies HookSecret)), binding(ctx.orgId, id), vaultKeks());
  }
  try {
    const row = await db.$transaction(async (tx) => {
      const c = await tx.alertChannel.create({
        data: {
          id,
          organizationId: ctx.orgId,
          kind: input.kind,
          name: input.name,
          emails: input.kind === "EMAIL" ? input.emails : [],
          target,
          ...(sealed ? { formatVersion: sealed.formatVersion, kekId: sealed.kekId, wrappedKey: new Uint8Array(sealed.wrappedKey), ciphertext: new Uint8Array(sealed.ciphertext) } : {}),
        },
        select: fields,
      });
      await recordAudit({ organizationId: ctx.orgId, action: "alert_channel.created", actor: ctx.actor, target: { type: "alert_channel", id, label: c.name }, client: ctx.client }, tx);
      return c;
    });
    return { channel: channelJson(row), secret };
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict("A channel with this name already exists.", "name");
    throw e;
  }
}

export async function deleteChannel(ctx: OrgContext, channelId: string) {
  await db.$transaction(async (tx) => {
    const c = await tx.alertChannel.findFirst({ where: { id: channelId, organizationId: ctx.orgId }, select: { name: true } });
    if (!c) throw notFound("Channel");
    // The sealed address is overwritten before the row goes, as connection keys are.
    await tx.alertChannel.update({ where: { id: channelId }, data: { wrappedKey: new Uint8Array(60), ciphertext: new Uint8Array(0) } });
    await tx.alertChannel.delete({ where: { id: channelId } });
    await recordAudit({ organizationId: ctx.orgId, action: "alert_channel.deleted", actor: ctx.actor, target: { type: "alert_channel", id: channelId, label: c.name }, client: ctx.client }, tx);
  });
}
