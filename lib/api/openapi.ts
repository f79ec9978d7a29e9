import { z } from "zod";
import type { ErrorDoc, Operation } from "@/lib/http/operation";
import { ZError } from "@/lib/http/response-check";
import { PARAM_DOCS } from "./common";

type JsonSchema = { properties?: Record<string, object>; required?: string[] };

const API = "/api/v1";
const schemaOf = (s: z.ZodType, io: "input" | "output") => z.toJSONSchema(s, { io, target: "openapi-3.0", unrepresentable: "any" });
const json = (s: z.ZodType, io: "input" | "output" = "output") => ({ "application/json": { schema: schemaOf(s, io) } });
const errorDoc = (doc: ErrorDoc) => (typeof doc === "string" ? { description: doc, content: json(ZError) } : { description: doc.description, content: json(doc.schema) });
/** Every token operation can answer these. */
const COMMON = { 401: "Missing, invalid, expired or revoked API token", 403: "The token's role does not allow this" };

/** `/api/v1/apps/[appId]/push` → `/apps/{appId}/push` */
const openApiPath = (apiPath: string) => apiPath.slice(API.length).replace(/\[(\w+)\]/g, "{$1}");

function parameters(op: Operation) {
  const words = { ...PARAM_DOCS, ...op.params } as Record<string, string | undefined>;
  const path = [...(op.apiPath ?? "").matchAll(/\[(\w+)\]/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" }, ...(words[name] ? { description: words[name] } : {}) }));
  if (!op.query) return path;
  const q = schemaOf(op.query, "input") as JsonSchema;
  const query = Object.entries(q.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema as { description?: string };
    const text = words[name] ?? description;
    return { name, in: "query", required: q.required?.includes(name) ?? false, schema: rest, ...(text ? { description: text } : {}) };
  });
  return [...path, ...query];
}

function operationDoc(op: Operation) {
  const content = { ...(op.ok.schema ? json(op.ok.schema) : {}), ...op.ok.content };
  const responses: Record<string, object> = { [op.ok.status]: { description: op.ok.description, ...(Object.keys(content).length ? { content } : {}) } };
  if (op.alsoOk) responses[op.alsoOk.status] = { description: op.alsoOk.description, content: json(op.alsoOk.schema) };
  for (const [status, doc] of Object.entries({ ...COMMON, ...op.errors })) if (doc) responses[status] = errorDoc(doc);
  const params = parameters(op);
  return {
    operationId: op.id,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(op.streamBody
      ? { requestBody: { required: true, description: `The file itself, at most ${op.streamBody.maxBytes} bytes.`, content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } } }
      : op.body
        ? { requestBody: { required: !op.bodyOptional, content: json(op.body, "input") } }
        : {}),
    responses,
  };
}

/** The OpenAPI 3.0 document of the public API, generated from the operations that have a path under /api/v1. */
export function openApiDocument(operations: readonly Operation[], serverUrl: string) {
  const paths: Record<string, Record<string, ReturnType<typeof operationDoc>>> = {};
  for (const op of operations) {
    if (!op.apiPath || op.foreignAnswers) continue;
    const path = openApiPath(op.apiPath);
    if (path === "/openapi.json") continue;
    (paths[path] ??= {})[op.method.toLowerCase()] = operationDoc(op);
  }
  return {
    openapi: "3.0.3",
    info: { title: "ASC Dashboard API", version: "1", description: "Organisation API for App Store Connect connections, short-lived tokens, synced apps, syncs, App Store metadata, customer reviews and sales." },
    servers: [{ url: new URL(API, serverUrl).toString() }],
    security: [{ apiToken: [] }],
    components: { securitySchemes: { apiToken: { type: "http", scheme: "bearer", description: "An organisation API token (ascd_…), created by an admin." } } },
    paths,
  };
}
