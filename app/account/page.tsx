import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/tenancy/page";
import { Card } from "@/app/_components/ui";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await requireUser("/account");
  return (
    <main className="mx-auto max-w-xl space-y-6 px-4 py-12">
      <Link href="/" className="text-sm text-brand-700 hover:underline">← Back to the dashboard</Link>
      <h1 className="text-2xl font-semibold">Your account</h1>
      <Card title="Profile">
        <p className="text-sm"><span className="text-slate-500">Name:</span> {user.name}</p>
        <p className="text-sm"><span className="text-slate-500">Email:</span> {user.email}</p>
      </Card>
      <Card title="Change password" description="Changing your password signs you out everywhere else.">
        <ChangePasswordForm />
      </Card>
    </main>
  );
}
