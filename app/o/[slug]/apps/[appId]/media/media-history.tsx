import { ChangeTable, WhenBy } from "@/app/_components/change-table";
import { typeLabel, utc, type TMediaChange } from "./media-shapes";

const ACTIONS: Record<string, string> = { UPLOADED: "Uploaded", REPLACED: "Replaced", DELETED: "Deleted", REORDERED: "Reordered", COPIED: "Copied" };

/** Changes to screenshots and previews made from here, newest first, with who made them. */
export function MediaHistory({ changes }: { changes: TMediaChange[] }) {
  return (
    <ChangeTable
      caption="Media changes, newest first"
      empty="No screenshots or previews have been changed from here yet."
      headings={["When and by whom", "Change", "Locale", "Set", "What"]}
      rows={changes.map((c) => (
        <tr key={c.id} data-testid="media-change">
          <WhenBy at={utc(c.at)} by={c.byEmail} />
          <td className="px-3 py-2 text-slate-800">{ACTIONS[c.action] ?? c.action}</td>
          <td className="px-3 py-2 font-mono text-xs text-slate-700">{c.locale}</td>
          <td className="px-3 py-2 text-slate-700">
            {typeLabel(c.kind, c.displayType)} {c.kind === "PREVIEW" ? "previews" : "screenshots"}
            {c.versionString && <span className="block text-xs text-slate-500">version {c.versionString}</span>}
          </td>
          <td className="max-w-96 px-3 py-2 text-slate-600"><span className="line-clamp-3 break-words" title={c.detail}>{c.detail}</span></td>
        </tr>
      ))}
    />
  );
}
