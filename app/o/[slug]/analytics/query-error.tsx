import Link from "next/link";
import type { z } from "zod";

/** A link whose view could not be read: what is wrong with it, and the way back to the default view. */
export function QueryError({ issue, href }: { issue: z.core.$ZodIssue; href: string }) {
  return (
    <div role="alert" data-field={issue.path.join(".") || undefined} className="rounded-lg bg-red-50 p-4 text-sm text-red-800 ring-1 ring-red-200">
      <p className="font-medium">This link&apos;s analytics view could not be read.</p>
      <p className="mt-1">{issue.message}</p>
      <Link href={href} className="mt-3 inline-block font-medium text-red-900 underline">
        Show the last 28 days
      </Link>
    </div>
  );
}
