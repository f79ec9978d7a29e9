"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { ZCreateApiToken } from "@/lib/api-tokens/schemas";
import { ROLE_LABELS } from "@/lib/tenancy/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { callApi } from "@/app/_components/api";
import { showServerError } from "@/app/_components/api-form";
import { Button, describedBy, Field, FormError, inputClass } from "@/app/_components/ui";

type Conn = { id: string; name: string };
type Values = { name: string; role: Role; expiresInDays?: number; connectionIds?: string[] };

/**
 * `maxDays` is the organisation's lifetime cap (the expiry is then required and defaults to it);
 * `limited` members may only create tokens limited to their connections.
 */
export function CreateApiTokenForm({ orgId, connections, maxDays, limited }: { orgId: string; connections: Conn[]; maxDays: number | null; limited: boolean }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [secret, setSecret] = useState<string>();
  const [limitChosen, setLimit] = useState(false);
  const limit = limited || limitChosen;
  const blank = { name: "", role: "EDITOR" as const, expiresInDays: maxDays ?? undefined };
  const form = useForm<Values>({ resolver: zodResolver(ZCreateApiToken) as never, defaultValues: blank });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    const body = { ...values, connectionIds: limit ? (values.connectionIds ?? []) : undefined, expiresInDays: values.expiresInDays || undefined };
    const res = await callApi<{ apiToken: { token: string } }>("POST", `/api/orgs/${orgId}/api-tokens`, body);
    if (!res.ok) return showServerError(form, res.error, setFormError);
    setSecret(res.data.apiToken.token);
    form.reset(blank);
    router.refresh();
  });
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormError message={formError} />
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id="tok-name" label="Name" error={errors.name?.message}>
            <input id="tok-name" className={inputClass} placeholder="CI release pipeline" {...describedBy("tok-name", errors.name?.message)} {...form.register("name")} />
          </Field>
          <Field id="tok-role" label="Role" error={errors.role?.message} hint="Editor and above may mint App Store Connect tokens.">
            <select id="tok-role" className={inputClass} {...form.register("role")}>
              {(["ADMIN", "EDITOR", "SUPPORT", "VIEWER"] as const).map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
            </select>
          </Field>
          <Field
            id="tok-days"
            label={maxDays === null ? "Expires after (days, optional)" : "Expires after (days)"}
            error={errors.expiresInDays?.message}
            hint={maxDays === null ? undefined : `This organisation's tokens expire within ${maxDays} days.`}
          >
            <input id="tok-days" type="number" min={1} max={maxDays ?? 3650} className={inputClass} {...describedBy("tok-days", errors.expiresInDays?.message)} {...form.register("expiresInDays", { setValueAs: (v) => (v === "" || v === undefined ? undefined : Number(v)) })} />
          </Field>
        </div>
        <fieldset className="space-y-2">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={limit} disabled={limited} onChange={(e) => setLimit(e.target.checked)} /> Limit to some connections
          </label>
          {limited && <p className="pl-6 text-sm text-slate-500">You can reach only some connections, so your tokens are limited to them.</p>}
          {limit && (
            <div className="grid gap-1 pl-6 sm:grid-cols-2">
              {connections.length === 0 && <p className="text-sm text-slate-500">No connections yet.</p>}
              {connections.map((c) => (
                <label key={c.id} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" value={c.id} {...form.register("connectionIds")} /> {c.name}
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <Button type="submit" disabled={isSubmitting}>Create token</Button>
      </form>
      {secret && (
        <div className="rounded-md bg-green-50 p-3 ring-1 ring-green-200">
          <label htmlFor="tok-secret" className="block text-sm font-medium text-green-900">New token: copy it now, it is shown only once</label>
          <input id="tok-secret" readOnly value={secret} className={`${inputClass} mt-2 font-mono`} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
    </div>
  );
}

type Tok = { id: string; name: string; role: Role; prefix: string; restrictConnections: boolean; connectionIds: string[]; expiresAt: string | null; revokedAt: string | null; lastUsedAt: string | null; createdAt: string; createdBy: { name: string; email: string | null } | null };

export function ApiTokenList({ orgId, tokens, connections }: { orgId: string; tokens: Tok[]; connections: Conn[] }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  if (tokens.length === 0) return <p className="text-sm text-slate-500">No API tokens yet.</p>;
  const names = new Map(connections.map((c) => [c.id, c.name]));
  return (
    <div className="space-y-3">
      <FormError message={error} />
      <ul className="divide-y divide-slate-100 text-sm">
        {tokens.map((t) => {
          const expired = t.expiresAt && new Date(t.expiresAt) <= new Date();
          return (
            <li key={t.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid={`api-token-${t.name}`}>
              <div>
                <p className="font-medium text-slate-900">
                  {t.name} <span className="font-mono text-xs text-slate-500">{t.prefix}…</span>
                </p>
                <p className="text-slate-600">
                  {ROLE_LABELS[t.role]} · {t.restrictConnections ? `limited to ${t.connectionIds.map((id) => names.get(id) ?? "a deleted connection").join(", ") || "no connections"}` : "all connections"} ·{" "}
                  {t.revokedAt ? "revoked" : expired ? "expired" : t.expiresAt ? `expires ${new Date(t.expiresAt).toLocaleDateString()}` : "no expiry"} · last used{" "}
                  {t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never"}
                </p>
                <p className="text-slate-500" data-testid="api-token-creator">
                  Created {new Date(t.createdAt).toLocaleDateString()} by{" "}
                  {t.createdBy ? `${t.createdBy.name}${t.createdBy.email ? ` (${t.createdBy.email})` : ""}` : "a former member"}
                </p>
              </div>
              {!t.revokedAt && (
                <Button
                  variant="ghost"
                  onClick={async () => {
                    if (!window.confirm(`Revoke ${t.name}? Anything using it stops working at once.`)) return;
                    const res = await callApi("DELETE", `/api/orgs/${orgId}/api-tokens/${t.id}`);
                    if (!res.ok) return setError(res.error.message);
                    router.refresh();
                  }}
                >
                  Revoke
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
