import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/tenancy/page";
import { listUserOrgs } from "@/lib/tenancy/context";
import { NewOrgForm } from "./new-org-form";

export const metadata: Metadata = { title: "New organisation" };
export const dynamic = "force-dynamic";

export default async function NewOrgPage() {
  const user = await requireUser("/orgs/new");
  const orgs = await listUserOrgs(user.id);
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-xl font-semibold">New organisation</h1>
        <p className="mt-1 text-sm text-slate-600">An organisation holds connections, members and their roles. You become its owner.</p>
        <NewOrgForm />
        {orgs.length > 0 && (
          <Link href={`/o/${orgs[0].slug}`} className="mt-4 inline-block text-sm text-brand-700 hover:underline">
            Cancel
          </Link>
        )}
      </div>
    </main>
  );
}
