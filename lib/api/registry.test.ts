import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";
import { operations } from "./operations";

type Doc = ReturnType<typeof openApiDocument>;
type OpDoc = { parameters?: { name: string; in: string; required: boolean }[]; requestBody?: { required: boolean; content: object }; responses: Record<string, { content?: object }> };

const root = join(__dirname, "..", "..");
function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? routeFiles(p) : name === "route.ts" ? [p] : [];
  });
}

/** Where each operation module's list lives, found from the import each route file names. */
const mounted = new Map<string, { methods: string[] }>();
for (const op of operations) {
  for (const p of [op.path, op.apiPath]) {
    if (!p) continue;
    const e = mounted.get(p) ?? { methods: [] };
    e.methods.push(op.method);
    mounted.set(p, e);
  }
}

describe("operation registry", () => {
  it("gives each operation a unique id and each path and method one operation", () => {
    const ids = operations.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [path, { methods }] of mounted) expect(new Set(methods).size, path).toBe(methods.length);
  });

  it("has route files under app/api that hold nothing but the registry's exports for their own path", () => {
    const files = routeFiles(join(root, "app", "api"));
    const seen = new Set<string>();
    for (const file of files) {
      const path = "/" + relative(join(root, "app"), file).replace(/\/route\.ts$/, "").split("\\").join("/");
      const text = readFileSync(file, "utf8");
      const m = /^import \{ routes \} from "@\/lib\/[\w-]+\/(?:[\w-]+-)?operations";\n\nexport const \{ ([A-Z, ]+) \} = routes\("([^"]+)"\);\n$/.exec(text);
      expect(m, `${path}: a route file is one import of an operations module (operations.ts or <part>-operations.ts) and one routes(...) export`).not.toBeNull();
      expect(m![2], `${path}: routes() names the file's own path`).toBe(path);
      expect(m![1].split(", ").sort(), `${path}: exports exactly the methods mounted there`).toEqual([...(mounted.get(path)?.methods ?? [])].sort());
      seen.add(path);
    }
    expect([...mounted.keys()].filter((p) => !seen.has(p)), "operations whose path has no route file").toEqual([]);
  });

  it("publishes under /api/v1 only operations an API token can call", () => {
    for (const op of operations.filter((o) => o.apiPath)) {
      expect(op.apiPath!.startsWith("/api/v1/"), op.id).toBe(true);
      expect(op.access, op.id).not.toBe("user");
    }
  });
});

describe("OpenAPI document", () => {
  const doc: Doc = openApiDocument(operations, "https://dash.example.com");
  const before = JSON.parse(readFileSync(join(root, "tests", "fixtures", "openapi-v1.json"), "utf8")) as Doc;
  const op = (d: Doc, path: string, method: string) => (d.paths as unknown as Record<string, Record<string, OpDoc>>)[path]?.[method];

  it("keeps every operation published before, with the same paths, parameters, request bodies and answers", () => {
    for (const [path, methods] of Object.entries(before.paths)) {
      for (const [method, was] of Object.entries(methods as Record<string, OpDoc>)) {
        const now = op(doc, path, method);
        expect(now, `${method.toUpperCase()} ${path}`).toBeDefined();
        const params = (p?: OpDoc["parameters"]) => (p ?? []).map(({ name, in: where, required }) => ({ name, in: where, required }));
        expect(params(now!.parameters), `${method} ${path} parameters`).toEqual(expect.arrayContaining(params(was.parameters)));
        expect(now!.requestBody, `${method} ${path} request body`).toEqual(was.requestBody);
        expect(Object.keys(now!.responses).sort(), `${method} ${path} statuses`).toEqual(Object.keys(was.responses).sort());
        for (const [status, response] of Object.entries(was.responses)) expect(now!.responses[status].content, `${method} ${path} ${status}`).toEqual(response.content);
      }
    }
  });

  it("publishes exactly the operations that have an /api/v1 path", () => {
    const published = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} /api/v1${path.replace(/\{(\w+)\}/g, "[$1]")}`));
    const expected = operations.filter((o) => o.apiPath && o.id !== "api.openapi").map((o) => `${o.method} ${o.apiPath}`);
    expect(published.sort()).toEqual(expected.sort());
    expect(doc.servers[0].url).toBe("https://dash.example.com/api/v1");
  });

  it("derives query parameters from the schemas the operations validate with", () => {
    const list = op(doc, "/reviews", "get")!;
    expect(list.parameters!.map((p) => p.name)).toEqual(["app", "connection", "rating", "territory", "replied", "assigned", "from", "to", "q", "limit", "cursor"]);
    const grid = op(doc, "/apps/{appId}/localizations", "get")!;
    expect(grid.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(["path:appId", "query:versionId"]);
    const runs = op(doc, "/connections/{connectionId}/sync-runs", "get")!;
    expect(runs.parameters!.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual(["path:connectionId:true", "query:limit:false", "query:cursor:false"]);
  });
});
