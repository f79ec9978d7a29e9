"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { Role } from "@/lib/generated/prisma/enums";
import { ZCreateInvitation } from "@/lib/invitations/schemas";
import { ALL_ROLES, canAssignRole, ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/tenancy/permissions";
import { callApi } from "@/app/_components/api";
import { showServerError } from "@/app/_components/api-form";
import { Button, Field, FormError, inputClass, describedBy } from "@/app/_components/ui";

type Values = { role: Role; email?: string };

export function InviteForm({ orgId, actorRole }: { orgId: string; actorRole: Role }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [link, setLink] = useState<string>();
  const [mailNote, setMailNote] = useState<string>();
  const [copied, setCopied] = useState(false);
  const form = useForm<Values>({ resolver: zodResolver(ZCreateInvitation) as never, defaultValues: { role: "VIEWER", email: "" } });
  const { errors, isSubmitting } = form.formState;
  const role = useWatch({ control: form.control, name: "role" });

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    setCopied(false);
    const res = await callApi<{ invitation: { url: string; mail: { sent: boolean; reason?: string } | null } }>("POST", `/api/orgs/${orgId}/invitations`, values);
    if (!res.ok) return showServerError(form, res.error, setFormError);
    setLink(res.data.invitation.url);
    const mail = res.data.invitation.mail;
    setMailNote(mail ? (mail.sent ? `Also mailed to ${values.email}.` : `Not mailed: ${mail.reason}`) : undefined);
    router.refresh();
  });

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-start">
        <Field id="invite-role" label="Role" error={errors.role?.message} hint={ROLE_DESCRIPTIONS[role]}>
          <select id="invite-role" className={inputClass} {...form.register("role")}>
            {ALL_ROLES.filter((r) => canAssignRole(actorRole, null, r)).map((r) => (
              <option key={r} value={r}>{ROLE_LABELS[r]}</option>
            ))}
          </select>
        </Field>
        <Field id="invite-email" label="Email (optional)" error={errors.email?.message} hint="Mailed the link when this server has SMTP set up.">
          <input id="invite-email" type="email" className={inputClass} {...describedBy("invite-email", errors.email?.message)} {...form.register("email")} />
        </Field>
        <Button type="submit" className="sm:mt-6" disabled={isSubmitting}>
          Create invitation link
        </Button>
      </form>
      <FormError message={formError} />
      {link && (
        <div className="rounded-md bg-green-50 p-3 ring-1 ring-green-200">
          <label htmlFor="invite-link" className="block text-sm font-medium text-green-900">
            Invitation link: copy it now, it is shown only once
          </label>
          <div className="mt-2 flex gap-2">
            <input id="invite-link" readOnly value={link} className={inputClass} onFocus={(e) => e.currentTarget.select()} />
            <Button
              type="button"
              variant="secondary"
              onClick={async () => {
                await navigator.clipboard?.writeText(link).catch(() => undefined);
                setCopied(true);
              }}
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
          {mailNote && <p role="status" className="mt-2 text-sm text-green-900">{mailNote}</p>}
        </div>
      )}
    </div>
  );
}

type Pending = { id: string; role: Role; email: string | null; expiresAt: string; createdAt: string };

export function PendingInvitations({ orgId, invitations }: { orgId: string; invitations: Pending[] }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  if (invitations.length === 0) return <p className="mt-6 text-sm text-slate-500">No pending invitations.</p>;
  return (
    <div className="mt-6">
      <h3 className="text-sm font-semibold text-slate-900">Pending invitations</h3>
      <FormError message={error} />
      <ul className="mt-2 divide-y divide-slate-100 text-sm">
        {invitations.map((i) => (
          <li key={i.id} className="flex items-center justify-between gap-4 py-2">
            <span>
              {ROLE_LABELS[i.role]}
              {i.email ? ` · ${i.email}` : ""} · expires {new Date(i.expiresAt).toLocaleString()}
            </span>
            <Button
              variant="ghost"
              onClick={async () => {
                const res = await callApi("DELETE", `/api/orgs/${orgId}/invitations/${i.id}`);
                if (!res.ok) return setError(res.error.message);
                router.refresh();
              }}
            >
              Revoke
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
