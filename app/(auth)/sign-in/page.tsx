import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { safeReturnPath } from "@/lib/http/safe-return";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";


export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const sp = await searchParams;
  if (await currentUser()) redirect(safeReturnPath(sp.callbackUrl, env.NEXTAUTH_URL));
  return (
    <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h1 className="text-xl font-semibold">Sign in</h1>
      <SignInForm returnTo={safeReturnPath(sp.callbackUrl, env.NEXTAUTH_URL)} />
      {env.SIGNUP_ENABLED && (
        <p className="mt-6 text-center text-sm text-slate-600">
          New here?{" "}
          <Link className="font-medium text-brand-700 underline-offset-2 hover:underline" href="/sign-up">
            Create an account
          </Link>
        </p>
      )}
    </div>
  );
}
