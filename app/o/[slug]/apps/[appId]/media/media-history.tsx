import { typeLabel, utc, type TMediaChange } from "./media-shapes";

const ACTIONS: Record<string, string> = { UPLOADED: "Uploaded", REPLACED: "Replaced", DELETED: "Deleted", REORDERED: "Reordered", COPIED: "Copied" };

/** Changes to screenshots and previews made from here, newest first, with who made them. */
export function MediaHistory({ changes }: { changes: TMediaChange[] }) {
  if (changes.length === 0) {
    return <p className="rounded-lg border-2 border-dashed border-slate-300 bg-white px-6 py-8 text-center text-sm text-slate-600">No screenshots or previews have been changed from here yet.</p>;
  }
  const head = "px-3 py-2 font-medium";
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Media changes, newest first</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className={head}>When and by whom</th>
            <th scope="col" className={head}>Change</th>
            <th scope="col" className={head}>Locale</th>
            <th scope="col" className={head}>Set</th>
            <th scope="col" className={head}>What</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {changes.map((c) => (
            <tr key={c.id} data-testid="media-change">
              <td className="px-3 py-2 text-slate-600">
                <span className="block whitespace-nowrap">{utc(c.at)}</span>
                <span className="block text-xs">{c.byEmail ?? "a former member"}</span>
              </td>
              <td className="px-3 py-2 text-slate-800">{ACTIONS[c.action] ?? c.action}</td>
              <td className="px-3 py-2 font-mono text-xs text-slate-700">{c.locale}</td>
              <td className="px-3 py-2 text-slate-700">
                {typeLabel(c.kind, c.displayType)} {c.kind === "PREVIEW" ? "previews" : "screenshots"}
                {c.versionString && <span className="block text-xs text-slate-500">version {c.versionString}</span>}
              </td>
              <td className="max-w-96 px-3 py-2 text-slate-600"><span className="line-clamp-3 break-words" title={c.detail}>{c.detail}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
