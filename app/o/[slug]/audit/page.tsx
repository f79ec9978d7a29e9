import type { Metadata } from "next";
import Link from "next/link";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/audit/actions";
import { listAuditEvents, ZAuditFilter } from "@/lib/audit/queries";
import { requireOrgPage } from "@/lib/tenancy/page";
import { Button, Card, EmptyState, FormError, inputClass, PageHeader } from "@/app/_components/ui";

export const metadata: Metadata = { title: "Audit log" };

type SP = Record<string, string | undefined>;

export default async function AuditPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<SP> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "audit.read");
  const sp = await searchParams;
  const parsed = ZAuditFilter.safeParse(sp);
  const filter = parsed.success ? parsed.data : ZAuditFilter.parse({});
  const { events, nextCursor } = await listAuditEvents(ctx, filter);
  const keep = (extra: SP) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ actor: sp.actor, action: sp.action, from: sp.from, to: sp.to, ...extra })) if (v) q.set(k, v);
    return `/o/${slug}/audit?${q}`;
  };
  return (
    <>
      <PageHeader title="Audit log" description="Who did what, when, and from where. Newest first." />
      <Card>
        {/* Keyed by the query so a client-side navigation (Clear, paging) resets the inputs. */}
        <form key={JSON.stringify([sp.actor, sp.action, sp.from, sp.to])} method="get" className="grid gap-3 sm:grid-cols-5 sm:items-end">
          <div>
            <label htmlFor="actor" className="block text-sm font-medium text-slate-700">Actor email</label>
            <input id="actor" name="actor" defaultValue={sp.actor} className={inputClass} />
          </div>
          <div>
            <label htmlFor="action" className="block text-sm font-medium text-slate-700">Action</label>
            <select id="action" name="action" defaultValue={sp.action ?? ""} className={inputClass}>
              <option value="">Any action</option>
              {/* Sign-ins and password changes belong to the person, not the organisation: they never appear here. */}
              {Object.entries(AUDIT_ACTIONS).filter(([k]) => !k.startsWith("auth.")).map(([k, label]) => (
                <option key={k} value={k}>{label}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="from" className="block text-sm font-medium text-slate-700">From</label>
            <input id="from" name="from" type="date" defaultValue={sp.from} className={inputClass} />
          </div>
          <div>
            <label htmlFor="to" className="block text-sm font-medium text-slate-700">To</label>
            <input id="to" name="to" type="date" defaultValue={sp.to} className={inputClass} />
          </div>
          <div className="flex gap-2">
            <Button type="submit">Filter</Button>
            <Link href={`/o/${slug}/audit`} className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">Clear</Link>
          </div>
        </form>
        {!parsed.success && <div className="mt-3"><FormError message={`${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}`} /></div>}
      </Card>
      <div className="mt-6">
        {events.length === 0 ? (
          <EmptyState title="No events match">Try a wider date range or clear the filters.</EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
            <table className="w-full text-left text-sm">
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">When (UTC)</th>
                  <th scope="col" className="px-4 py-2 font-medium">Actor</th>
                  <th scope="col" className="px-4 py-2 font-medium">Action</th>
                  <th scope="col" className="px-4 py-2 font-medium">Target</th>
                  <th scope="col" className="px-4 py-2 font-medium">From</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {events.map((e) => (
                  <tr key={e.id}>
                    <td className="whitespace-nowrap px-4 py-2 text-slate-600">{e.createdAt.replace("T", " ").slice(0, 19)}</td>
                    <td className="px-4 py-2">{e.actorEmail ?? "—"}</td>
                    <td className="px-4 py-2">{AUDIT_ACTIONS[e.action as AuditAction] ?? e.action}</td>
                    <td className="px-4 py-2 text-slate-600">
                      {e.targetLabel ?? "—"}
                      {e.metadata && typeof e.metadata === "object" && "to" in e.metadata ? ` → ${String((e.metadata as { to: unknown }).to)}` : ""}
                    </td>
                    <td className="px-4 py-2 text-slate-500">{e.ip ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav aria-label="Audit pages" className="mt-4 flex justify-between">
          {sp.cursor ? <Link href={keep({})} className="text-sm font-medium text-brand-700 hover:underline">← Newest</Link> : <span />}
          {nextCursor && <Link href={keep({ cursor: nextCursor })} className="text-sm font-medium text-brand-700 hover:underline">Older →</Link>}
        </nav>
      </div>
    </>
  );
}
