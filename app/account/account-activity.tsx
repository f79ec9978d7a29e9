import type { TAccountActivity } from "@/lib/account/activity";

/** The user's own sign-ins and other account events, with where they came from. */
export function AccountActivity({ events }: { events: TAccountActivity }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">No account activity yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">When (UTC)</th>
            <th scope="col" className="py-2 pr-3 font-medium">What</th>
            <th scope="col" className="py-2 pr-3 font-medium">IP address</th>
            <th scope="col" className="py-2 font-medium">Browser</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {events.map((e) => (
            <tr key={e.id}>
              <td className="whitespace-nowrap py-2 pr-3 text-slate-600">{e.createdAt.replace("T", " ").slice(0, 19)}</td>
              <td className="py-2 pr-3">{e.target ? `${e.label}: ${e.target}` : e.label}</td>
              <td className="py-2 pr-3 text-slate-600">{e.ip ?? "—"}</td>
              <td className="py-2 text-slate-600" title={e.userAgent ?? undefined}>{e.browser ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
