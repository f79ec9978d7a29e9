import type { Metadata } from "next";
import Link from "next/link";
import { currentUser } from "@/lib/auth/current-user";
import { describeInvitation } from "@/lib/invitations/mutations";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/tenancy/permissions";
import { SignUpForm } from "../../sign-up/sign-up-form";
import { AcceptInvitation } from "./accept-invitation";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [{ invitation, problem }, user] = await Promise.all([describeInvitation(token), currentUser()]);
  return (
    <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      {problem || !invitation ? (
        <>
          <h1 className="text-xl font-semibold">Invitation unavailable</h1>
          <p role="alert" className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-800 ring-1 ring-red-200">
            {problem}
          </p>
          <Link href="/" className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline">
            Go to the dashboard
          </Link>
        </>
      ) : (
        <>
          <h1 className="text-xl font-semibold">Join {invitation.organization.name}</h1>
          <p className="mt-2 text-sm text-slate-600">
            You are invited as <strong>{ROLE_LABELS[invitation.role]}</strong>: {ROLE_DESCRIPTIONS[invitation.role]}
          </p>
          {user ? (
            <AcceptInvitation token={token} email={user.email} />
          ) : (
            <>
              <SignUpForm invitationToken={token} invitedEmail={invitation.email ?? undefined} />
              <p className="mt-6 text-center text-sm text-slate-600">
                Already have an account?{" "}
                <Link className="font-medium text-brand-700 hover:underline" href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}>
                  Sign in to accept
                </Link>
              </p>
            </>
          )}
        </>
      )}
    </div>
  );
}
