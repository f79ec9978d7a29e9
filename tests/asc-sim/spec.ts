import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

/**
 * Apple's OpenAPI spec as a validator: requests the client sends and responses the
 * simulator returns are checked against the operation they address.
 */
type Param = { name: string; in: string; required?: boolean; schema?: Record<string, unknown>; style?: string; explode?: boolean };
type Operation = { parameters?: Param[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { content?: Record<string, { schema: unknown }> }> };

// The part of Apple's spec the dashboard uses, committed beside the generated types
// (regenerated with `npm run asc:types -- <path to Apple's spec>`).
const SPEC_URL = new URL("../../lib/asc/generated/spec-subset.json", import.meta.url);
const spec = JSON.parse(readFileSync(SPEC_URL, "utf8"));
// Apple's file has a few `"format": null`; JSON Schema wants a string there, so those go.
const dropNullFormats = (n: unknown): void => {
  if (Array.isArray(n)) return n.forEach(dropNullFormats);
  if (n && typeof n === "object") {
    const o = n as Record<string, unknown>;
    if ("format" in o && typeof o.format !== "string" && (o.type !== undefined || o.format === null)) delete o.format;
    Object.values(o).forEach(dropNullFormats);
  }
};
dropNullFormats(spec.components);

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, validateSchema: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
ajv.addSchema({ $id: "asc", components: spec.components });

const compiled = new Map<string, ValidateFunction>();
function validatorFor(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema);
  let v = compiled.get(key);
  if (!v) {
    const rewritten = JSON.parse(key.replaceAll('"#/components/', '"asc#/components/'));
    v = ajv.compile(rewritten);
    compiled.set(key, v);
  }
  return v;
}

const templates = Object.keys(spec.paths).map((t) => ({ template: t, re: new RegExp(`^${t.replace(/\{[^}]+\}/g, "[^/]+")}$`) }));

export function operationFor(method: string, pathname: string): { template: string; op: Operation } {
  const match = templates.find((t) => t.re.test(pathname));
  if (!match) throw new Error(`${pathname} is not a path of Apple's API`);
  const item = spec.paths[match.template];
  const op = item[method.toLowerCase()] as Operation | undefined;
  if (!op) throw new Error(`${method} ${match.template} is not an operation of Apple's API`);
  return { template: match.template, op: { ...op, parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])] } };
}

const errorsOf = (v: ValidateFunction) => (v.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");

/** Problems with a request against Apple's spec: unknown path, method, query parameter or value, or body. */
export function requestProblems(method: string, href: string, body?: unknown): string[] {
  const url = new URL(href);
  const problems: string[] = [];
  let found;
  try {
    found = operationFor(method, url.pathname);
  } catch (e) {
    return [(e as Error).message];
  }
  const params = new Map(found.op.parameters!.filter((p) => p.in === "query").map((p) => [p.name, p]));
  for (const [name, raw] of url.searchParams) {
    // The paging cursor is Apple's own, carried in links.next.
    if (name === "cursor") continue;
    const p = params.get(name);
    if (!p) {
      problems.push(`${found.template}: query parameter ${name} is not defined`);
      continue;
    }
    const schema = p.schema ?? {};
    // Query strings carry text; read each value as the type the parameter declares.
    const value =
      schema.type === "array" ? raw.split(",") : schema.type === "integer" ? Number(raw) : schema.type === "boolean" ? ({ true: true, false: false } as Record<string, boolean>)[raw] ?? raw : raw;
    const v = validatorFor(schema);
    if (!v(value)) problems.push(`${found.template}: ${name}=${raw}: ${errorsOf(v)}`);
  }
  for (const p of params.values()) if (p.required && !url.searchParams.has(p.name)) problems.push(`${found.template}: ${p.name} is required`);
  if (body !== undefined) {
    const schema = found.op.requestBody?.content["application/json"]?.schema;
    if (!schema) problems.push(`${found.template}: takes no body`);
    else {
      const v = validatorFor(schema);
      if (!v(body)) problems.push(`${found.template} body: ${errorsOf(v)}`);
    }
  }
  return problems;
}

/** Problems with a response against the schema Apple documents for that status. */
export function responseProblems(method: string, href: string, status: number, body: unknown): string[] {
  const { template, op } = operationFor(method, new URL(href).pathname);
  const r = op.responses[String(status)] ?? (status >= 400 ? { content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorResponse" } } } } : undefined);
  // Apple answers errors its spec leaves out (404 for a report not ready yet) with its usual error document.
  if (!r) return [`${method} ${template}: status ${status} is not documented`];
  const schema = r.content?.["application/json"]?.schema;
  if (!schema) {
    if (r.content?.["application/a-gzip"]) return body === undefined ? [] : [`${method} ${template} ${status}: a report must be gzip, not JSON`];
    return body === undefined ? [] : [`${method} ${template} ${status}: documented without a body`];
  }
  const v = validatorFor(schema);
  return v(body) ? [] : [`${method} ${template} ${status}: ${errorsOf(v)}`];
}
