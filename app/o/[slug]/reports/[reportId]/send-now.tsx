"use client";

import { useState } from "react";
import { callApi } from "@/app/_components/api";
import { Button } from "@/app/_components/ui";

type Send = { period: string; status: "SENDING" | "SENT" | "FAILED"; error: string | null; sentAt: string | null };

/** "Send now": mails the period shown to the report's recipients, unless it went out already. */
export function SendNow({ orgId, reportId, period, recipients }: { orgId: string; reportId: string; period: string; recipients: string[] }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function send() {
    setBusy(true);
    setMessage(null);
    const res = await callApi<{ send: Send; mailed: boolean }>("POST", `/api/orgs/${orgId}/reports/${reportId}/send`, { period });
    setBusy(false);
    if (!res.ok) return setMessage({ ok: false, text: res.error.message });
    const { send: s, mailed } = res.data;
    if (mailed) setMessage({ ok: true, text: `Sent ${s.period} to ${recipients.join(", ")}.` });
    else if (s.status === "SENT") setMessage({ ok: true, text: `${s.period} was sent already${s.sentAt ? ` on ${s.sentAt.slice(0, 10)}` : ""}; it is not sent twice.` });
    else if (s.status === "SENDING") setMessage({ ok: true, text: `${s.period} is being sent right now.` });
    else setMessage({ ok: false, text: `Not sent: ${s.error ?? "the mail server refused it."}` });
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="button" disabled={busy} onClick={() => void send()}>
        {busy ? "Sending…" : "Send now"}
      </Button>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "text-sm text-emerald-700" : "text-sm text-red-700"}>
          {message.text}
        </p>
      )}
    </div>
  );
}
