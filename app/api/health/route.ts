import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { checkHealth } from "@/lib/health/check";
import { maintenanceQueue } from "@/lib/jobs/queues";
import { getRedis } from "@/lib/redis";

export const dynamic = "force-dynamic";

/** 200 when every dependency answers; 503 naming the ones that do not. */
export async function GET() {
  const health = await checkHealth({ db: getDb(), redis: getRedis(), queue: maintenanceQueue() });
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
