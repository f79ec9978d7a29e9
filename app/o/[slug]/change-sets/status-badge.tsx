import { cx } from "@/app/_components/ui";

const WORDS = { PENDING: "Waiting for approval", APPROVED: "Approved", REJECTED: "Rejected", PUSHED: "Pushed", WITHDRAWN: "Withdrawn" } as const;
const STYLE = { PENDING: "bg-amber-50 text-amber-800 ring-amber-200", APPROVED: "bg-emerald-50 text-emerald-800 ring-emerald-200", REJECTED: "bg-red-50 text-red-800 ring-red-200", PUSHED: "bg-slate-100 text-slate-700 ring-slate-200", WITHDRAWN: "bg-slate-50 text-slate-500 ring-slate-200" } as const;

export function StatusBadge({ status }: { status: keyof typeof WORDS }) {
  return <span data-testid="change-set-status" className={cx("rounded-full px-2.5 py-0.5 text-xs font-medium ring-1", STYLE[status])}>{WORDS[status]}</span>;
}
