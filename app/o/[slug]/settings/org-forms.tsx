"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { ZApiTokenLifetimeCap } from "@/lib/api-tokens/schemas";
import { ZDeleteOrg, ZRenameOrg } from "@/lib/orgs/schemas";
import { callApi } from "@/app/_components/api";
import { showServerError } from "@/app/_components/api-form";
import { Button, Field, FormError, inputClass, describedBy } from "@/app/_components/ui";

export function RenameOrgForm({ orgId, name, disabled }: { orgId: string; name: string; disabled: boolean }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const form = useForm<{ name: string }>({ resolver: zodResolver(ZRenameOrg), defaultValues: { name } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    setSaved(false);
    const res = await callApi("PATCH", `/api/orgs/${orgId}`, values);
    if (!res.ok) return showServerError(form, res.error, setFormError);
    setSaved(true);
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <FormError message={formError} />
      <Field id="org-name" label="Name" error={errors.name?.message}>
        <input id="org-name" className={inputClass} disabled={disabled} {...describedBy("org-name", errors.name?.message)} {...form.register("name")} />
      </Field>
      {!disabled && (
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={isSubmitting}>
            Save name
          </Button>
          {saved && <span role="status" className="text-sm text-green-700">Saved.</span>}
        </div>
      )}
    </form>
  );
}

export function DeleteOrgForm({ orgId, name }: { orgId: string; name: string }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const form = useForm<{ confirmName: string }>({ resolver: zodResolver(ZDeleteOrg), defaultValues: { confirmName: "" } });
  const { errors, isSubmitting } = form.formState;
  const typed = useWatch({ control: form.control, name: "confirmName" }) ?? "";
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    const res = await callApi("DELETE", `/api/orgs/${orgId}`, values);
    if (!res.ok) return showServerError(form, res.error, setFormError);
    router.replace("/");
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <FormError message={formError} />
      <Field id="confirm-name" label={`Type "${name}" to confirm`} error={errors.confirmName?.message}>
        <input id="confirm-name" className={inputClass} autoComplete="off" {...describedBy("confirm-name", errors.confirmName?.message)} {...form.register("confirmName")} />
      </Field>
      <Button type="submit" variant="danger" disabled={isSubmitting || typed.trim() !== name}>
        Delete this organisation
      </Button>
    </form>
  );
}

/** The organisation's cap on API token lifetime; lowering it shortens existing tokens at once. */
export function ApiTokenLifetimeForm({ orgId, days, disabled }: { orgId: string; days: number | null; disabled: boolean }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const form = useForm<{ apiTokenMaxLifetimeDays: number | null }>({
    resolver: zodResolver(ZApiTokenLifetimeCap) as never,
    defaultValues: { apiTokenMaxLifetimeDays: days },
  });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    setSaved(undefined);
    const res = await callApi<{ tokensShortened?: number }>("PATCH", `/api/orgs/${orgId}`, values);
    if (!res.ok) return showServerError(form, res.error, setFormError);
    const n = res.data.tokensShortened ?? 0;
    setSaved(n ? `Saved. ${n} token${n === 1 ? "" : "s"} now expire${n === 1 ? "s" : ""} earlier.` : "Saved.");
    router.refresh();
  });
  const message = errors.apiTokenMaxLifetimeDays?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <FormError message={formError} />
      <Field id="org-token-days" label="Longest API token lifetime (days)" error={message} hint="From 1 to 3650. Leave empty for no cap. Lowering it shortens existing tokens: a token older than the cap stops working at once.">
        <input
          id="org-token-days"
          type="number"
          min={1}
          max={3650}
          className={inputClass}
          disabled={disabled}
          placeholder="No cap"
          {...describedBy("org-token-days", message)}
          {...form.register("apiTokenMaxLifetimeDays", { setValueAs: (v) => (v === "" || v === null || v === undefined ? null : Number(v)) })}
        />
      </Field>
      {!disabled && (
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={isSubmitting}>
            Save lifetime cap
          </Button>
          {saved && <span role="status" className="text-sm text-green-700">{saved}</span>}
        </div>
      )}
    </form>
  );
}

/** Reply approval: replies of the members chosen on the members page wait for an owner or admin. */
export function ReplyApprovalForm({ orgId, on, disabled }: { orgId: string; on: boolean; disabled: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function change(next: boolean) {
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    const res = await callApi("PATCH", `/api/orgs/${orgId}`, { replyApproval: next });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    setSaved(next ? "Reply approval is on." : "Reply approval is off. Replies already waiting stay in the queue.");
    router.refresh();
  }
  return (
    <div className="space-y-3">
      <FormError message={error} />
      <label className="flex items-start gap-3 text-sm text-slate-800">
        <input
          type="checkbox"
          className="mt-0.5 h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
          checked={on}
          disabled={disabled || busy}
          onChange={(e) => void change(e.target.checked)}
        />
        <span>
          Replies of the members chosen for it wait for approval
          <span className="block text-xs text-slate-500">Owners and admins approve, edit or reject them before they go to App Store Connect. API tokens are never held.</span>
        </span>
      </label>
      {saved && <p role="status" className="text-sm text-green-700">{saved}</p>}
    </div>
  );
}
