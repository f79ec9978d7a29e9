import { NextResponse } from "next/server";
import { z } from "zod";
import { env } from "@/lib/env";
import { AppError, errorBody } from "@/lib/errors";
import { log } from "@/lib/log";
import type { Operation } from "./operation";

/** The body of every failure (lib/errors.ts `errorBody`). */
export const ZError = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional(), fields: z.record(z.string(), z.string()).optional() }),
});

export const responseChecksOn = () => env.RESPONSE_CHECKS;

/** The schema an answer with this status must match, or a reason it may not be sent at all. */
function expected(op: Operation, status: number): z.ZodType | "no-json" | string {
  if (status === op.ok.status) return op.ok.schema ?? "no-json";
  if (status === op.alsoOk?.status) return op.alsoOk.schema;
  if (status === 204 && op.ok.status !== 204) return `answered 204 but declares ${op.ok.status}`;
  if (status >= 400) {
    const doc = op.errors?.[status];
    return typeof doc === "object" ? doc.schema : ZError;
  }
  return `answered ${status}, which it does not declare`;
}

function mismatch(op: Operation, problem: string): Response {
  log.error({ operation: op.id, problem }, "answer does not match the operation's declared schema");
  const e = new AppError("internal", `The answer of ${op.id} does not match its declared schema: ${problem}`);
  return NextResponse.json(errorBody(e), { status: 500 });
}

/**
 * Turned on by the test suites: every answer is checked against what its operation
 * declares (status, media type, JSON shape), so a schema that drifts from the code fails a test.
 */
export async function checkResponse(op: Operation, res: Response): Promise<Response> {
  if (res.status === 204 && op.ok.status === 204) return res;
  if (res.status >= 300 && res.status < 400) return res;
  const want = expected(op, res.status);
  if (typeof want === "string" && want !== "no-json") return mismatch(op, want);
  const type = (res.headers.get("content-type") ?? "").split(";")[0].trim();
  if (type !== "application/json") {
    if (res.status === op.ok.status && op.ok.content?.[type]) return res;
    return mismatch(op, `answered ${res.status} as ${type || "no content type"}`);
  }
  if (want === "no-json") return mismatch(op, `answered ${res.status} as JSON, which it does not declare`);
  const parsed = want.safeParse(await res.clone().json());
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return mismatch(op, `${res.status} ${i.path.join(".") || "(body)"}: ${i.message}`);
  }
  return res;
}
