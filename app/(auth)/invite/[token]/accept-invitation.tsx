"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api";
import { Button, FormError } from "@/app/_components/ui";

export function AcceptInvitation({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function accept() {
    setBusy(true);
    setError(undefined);
    const res = await callApi<{ organization: { slug: string } }>("POST", "/api/invitations/accept", { token });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    router.replace(`/o/${res.data.organization.slug}`);
    router.refresh();
  }
  return (
    <div className="mt-6 space-y-4">
      <FormError message={error} />
      <p className="text-sm text-slate-600">
        Signed in as <strong>{email}</strong>.
      </p>
      <Button className="w-full" onClick={accept} disabled={busy}>
        {busy ? "Joining…" : "Accept invitation"}
      </Button>
    </div>
  );
}
