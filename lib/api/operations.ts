import { z } from "zod";
import { env } from "@/lib/env";
import { defineOperation, type Operation } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { openApiDocument } from "./openapi";
import { domainOperations } from "./registry";

/** The published document itself: no token needed to read how to use one. */
const openApi = defineOperation({
  id: "api.openapi", method: "GET", apiPath: "/api/v1/openapi.json", access: "public", summary: "This API's OpenAPI 3.0 document",
  ok: { status: 200, description: "The document", schema: z.object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }) },
  handler: async () => openApiDocument(domainOperations, env.NEXTAUTH_URL),
});

/** Every operation, the document's included: the route files, the document and their tests come from this list. */
export const operations: readonly Operation[] = [...domainOperations, openApi];

export const routes = mount([openApi]);
