import type { Metadata } from "next";
import Link from "next/link";
import { ACCOUNT_ACTIVITY_LIMIT, listAccountActivity } from "@/lib/account/activity";
import { requireUser } from "@/lib/tenancy/page";
import { Card } from "@/app/_components/ui";
import { AccountActivity } from "./account-activity";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await requireUser("/account");
  const activity = await listAccountActivity(user.id);
  return (
    <main className="mx-auto max-w-3xl space-y-6 px-4 py-12">
      <Link href="/" className="text-sm text-brand-700 hover:underline">← Back to the dashboard</Link>
      <h1 className="text-2xl font-semibold">Your account</h1>
      <Card title="Profile">
        <p className="text-sm"><span className="text-slate-500">Name:</span> {user.name}</p>
        <p className="text-sm"><span className="text-slate-500">Email:</span> {user.email}</p>
      </Card>
      <Card title="Change password" description="Changing your password signs you out everywhere else.">
        <ChangePasswordForm />
      </Card>
      <Card title="Account activity" description={`Your last ${ACCOUNT_ACTIVITY_LIMIT} sign-ins and other account events, newest first. Only you see these.`}>
        <AccountActivity events={activity} />
      </Card>
    </main>
  );
}
