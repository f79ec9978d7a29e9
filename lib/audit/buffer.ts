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
const FLUSH_AT = 200;
const ATTEMPTS = 3;

type Waiting = { rows: Prisma.AuditEventCreateManyInput[]; done: Array<() => void> };
const globalForBuffer = globalThis as unknown as { __ascdashAuditBuffer?: { waiting: Waiting; timer?: NodeJS.Timeout; flushing: Promise<void> } };
const buffer = (globalForBuffer.__ascdashAuditBuffer ??= { waiting: { rows: [], done: [] }, flushing: Promise.resolve() });

/**
 * Queues one audit event and returns at once. The event is written within a second; a web
 * server stopping normally writes it before it exits.
 */
export function bufferAudit(input: AuditInput) {
  const written = new Promise<void>((resolve) => {
    buffer.waiting.rows.push(auditRow(input));
    buffer.waiting.done.push(resolve);
  });
  if (buffer.waiting.rows.length >= FLUSH_AT) void flushAudits();
  else buffer.timer ??= setTimeout(() => void flushAudits(), FLUSH_EVERY_MS);
  inBackground("buffered audit", written);
}

/** Writes every queued event now, in one insert (retried twice); resolves once written. */
export function flushAudits(): Promise<void> {
  clearTimeout(buffer.timer);
  buffer.timer = undefined;
  const batch = buffer.waiting;
  buffer.waiting = { rows: [], done: [] };
  buffer.flushing = buffer.flushing.then(() => (batch.rows.length ? write(batch) : undefined));
  return buffer.flushing;
}

async function write(batch: Waiting) {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.auditEvent.createMany({ data: batch.rows });
      break;
    } catch (err) {
      if (attempt >= ATTEMPTS) {
        log.error({ err, events: batch.rows.length, actions: [...new Set(batch.rows.map((r) => r.action))] }, "buffered audit events could not be written");
        break;
      }
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
  for (const done of batch.done) done();
}
