import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-md px-6 py-24 text-center">
      <p className="text-sm font-semibold text-brand-600">403</p>
      <h1 className="mt-2 text-2xl font-semibold">Your role does not allow this</h1>
      <p className="mt-2 text-slate-600">Ask an owner or admin of this organisation for a role with access.</p>
      <Link href="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white">
        Back to your dashboard
      </Link>
    </main>
  );
}
