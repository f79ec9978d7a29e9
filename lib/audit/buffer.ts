import { randomBytes } from "node:crypto";
import { inBackground } from "@/lib/background";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { auditRow, type AuditInput } from "./record";

/**
 * Audit events of frequent, independent actions (minting App Store Connect tokens), written
 * together: one insert a second, or as soon as this many wait.
 */
const FLUSH_EVERY_MS = 1_000;
const FLUSH_AT = 100;
const ATTEMPTS = 3;

type Batch = { rows: Prisma.AuditEventCreateManyInput[]; written: Promise<void>; done: () => void };

function newBatch(): Batch {
  let done = () => {};
  const written = new Promise<void>((resolve) => (done = resolve));
  return { rows: [], written, done };
}

const globalForBuffer = globalThis as unknown as { __ascdashAuditBuffer?: { waiting: Batch; timer?: NodeJS.Timeout; flushing: Promise<void> } };
const buffer = (globalForBuffer.__ascdashAuditBuffer ??= { waiting: newBatch(), flushing: Promise.resolve() });

/**
 * Queues one audit event and returns at once. The event is written within a second; a web
 * server stopping normally waits for the batch (handed to it once, by the request that
 * opened the batch) before it exits.
 */
export function bufferAudit(input: AuditInput) {
  const batch = buffer.waiting;
  batch.rows.push(auditRow(input));
  if (batch.rows.length === 1) inBackground("buffered audit events", batch.written);
  if (batch.rows.length >= FLUSH_AT) void flushAudits();
  else buffer.timer ??= setTimeout(() => void flushAudits(), FLUSH_EVERY_MS);
}

/** Writes every queued event now, in one insert (retried twice); resolves once written. */
export function flushAudits(): Promise<void> {
  clearTimeout(buffer.timer);
  buffer.timer = undefined;
  const batch = buffer.waiting;
  buffer.waiting = newBatch();
  buffer.flushing = buffer.flushing.then(() => (batch.rows.length ? write(batch) : batch.done()));
  return buffer.flushing;
}

/** A 25-character id shaped like the ones Prisma makes (`c`, time, randomness). */
const eventId = () => `c${Date.now().toString(36)}${randomBytes(12).toString("base64url").toLowerCase().replace(/[^a-z0-9]/g, "0")}`.slice(0, 25);

/**
 * One INSERT of column arrays: the database does the per-row work, so a busy broker pays
 * next to nothing per event (createMany builds and checks every row in JavaScript).
 */
async function insertRows(rows: Prisma.AuditEventCreateManyInput[]) {
  const col = <T>(pick: (r: Prisma.AuditEventCreateManyInput) => T) => rows.map(pick);
  await db.$executeRaw`
    INSERT INTO "AuditEvent" ("id", "organizationId", "action", "actorId", "actorTokenId", "actorEmail", "targetType", "targetId", "targetLabel", "metadata", "ip", "userAgent")
    SELECT * FROM unnest(
      ${col(() => eventId())}::text[], ${col((r) => r.organizationId ?? null)}::text[], ${col((r) => r.action)}::text[],
      ${col((r) => r.actorId ?? null)}::text[], ${col((r) => r.actorTokenId ?? null)}::text[], ${col((r) => r.actorEmail ?? null)}::text[], ${col((r) => r.targetType ?? null)}::text[],
      ${col((r) => r.targetId ?? null)}::text[], ${col((r) => r.targetLabel ?? null)}::text[],
      ${col((r) => (r.metadata === undefined || r.metadata === null ? null : JSON.stringify(r.metadata)))}::jsonb[],
      ${col((r) => r.ip ?? null)}::text[], ${col((r) => r.userAgent ?? null)}::text[]
    )`;
}

async function write(batch: Batch) {
  for (let attempt = 1; ; attempt++) {
    try {
      await insertRows(batch.rows);
      break;
    } catch (err) {
      if (attempt >= ATTEMPTS) {
        log.error({ err, events: batch.rows.length, actions: [...new Set(batch.rows.map((r) => r.action))] }, "buffered audit events could not be written");
        break;
      }
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
  batch.done();
}
