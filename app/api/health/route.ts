import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { checkHealth } from "@/lib/health/check";
import { maintenanceQueue, syncQueue } from "@/lib/jobs/queues";
import { getRedis } from "@/lib/redis";

export const dynamic = "force-dynamic";

/** 200 when every dependency answers; 503 naming the ones that do not. Includes queue depth and failed jobs per queue. */
export async function GET() {
  const health = await checkHealth({ db: getDb(), redis: getRedis(), queues: [maintenanceQueue(), syncQueue()] });
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
