import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { defineOperation } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { maintenanceQueue, syncQueue } from "@/lib/jobs/queues";
import { getRedis } from "@/lib/redis";
import { checkHealth } from "./check";

const ZCheck = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
const ZHealth = z.object({
  status: z.enum(["ok", "unavailable"]),
  failing: z.array(z.string()).describe("The dependencies that did not answer"),
  checks: z.object({
    database: ZCheck,
    redis: ZCheck,
    queue: ZCheck.extend({ queues: z.record(z.string(), z.object({ waiting: z.number(), active: z.number(), delayed: z.number(), failed: z.number() })).optional() }),
  }),
});

export const healthOperations = [
  defineOperation({
    id: "health", method: "GET", path: "/api/health", access: "public", summary: "200 when every dependency answers; 503 naming the ones that do not, with queue depth and failed jobs per queue",
    ok: { status: 200, description: "Healthy", schema: ZHealth },
    errors: { 503: { description: "A dependency does not answer", schema: ZHealth } },
    handler: async () => {
      const health = await checkHealth({ db: getDb(), redis: getRedis(), queues: [maintenanceQueue(), syncQueue()] });
      return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
    },
  }),
];

export const routes = mount(healthOperations);
