"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { readFastlaneApiKey, ZCreateConnection, type TKeyKind } from "@/lib/connections/schemas";
import { callApi } from "@/app/_components/api";
import { showServerError } from "@/app/_components/api-form";
import { Button, describedBy, Field, FormError, inputClass } from "@/app/_components/ui";

type Values = { name: string; keyKind: TKeyKind; issuerId: string; keyId: string; privateKey: string; fileName?: string };
const EMPTY: Values = { name: "", keyKind: "TEAM", issuerId: "", keyId: "", privateKey: "", fileName: undefined };

/**
 * The .p8 can be chosen as a file (read in the browser) or pasted, as PEM or as the base64
 * of it; either way it is sent once, as text. A fastlane API key file (.json) fills every
 * field at once. An individual key has no Issuer ID, so the field goes away for one.
 */
export function AddConnectionForm({ orgId }: { orgId: string }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [fileError, setFileError] = useState<string>();
  const [added, setAdded] = useState<string>();
  const form = useForm<Values>({ resolver: zodResolver(ZCreateConnection) as never, defaultValues: EMPTY });
  const { errors, isSubmitting } = form.formState;
  const keyKind = useWatch({ control: form.control, name: "keyKind" });

  function chooseKind(kind: TKeyKind) {
    form.setValue("keyKind", kind);
    if (kind === "INDIVIDUAL") form.setValue("issuerId", "");
    form.clearErrors(["issuerId", "keyKind"]);
  }

  /** Fills the form from fastlane's API key file; without issuer_id it holds an individual key. */
  function fromFastlane(text: string) {
    const r = readFastlaneApiKey(text);
    if (!r.ok) {
      const p = r.problems[0];
      return setFileError(p.path.length ? `${p.path.join(".")}: ${p.message}` : p.message);
    }
    chooseKind(r.fields.keyKind);
    form.setValue("issuerId", r.fields.issuerId ?? "");
    form.setValue("keyId", r.fields.keyId);
    form.setValue("privateKey", r.fields.privateKey);
    form.setValue("fileName", undefined);
    form.clearErrors();
  }

  async function onFile(file: File | undefined) {
    setFileError(undefined);
    if (!file) return;
    if (/\.json$/i.test(file.name) || file.type === "application/json") {
      return file.size > 80 * 1024 ? setFileError("This file is larger than 80 KiB: it is not a fastlane API key file.") : fromFastlane(await file.text());
    }
    form.setValue("fileName", file.name);
    const m = /^AuthKey_([A-Z0-9]{10})\.p8$/.exec(file.name);
    if (m && !form.getValues("keyId")) form.setValue("keyId", m[1]);
    // Oversized files are still sent so the server can say exactly what is wrong.
    form.setValue("privateKey", file.size > 64 * 1024 ? "x".repeat(9 * 1024) : await file.text(), { shouldValidate: false });
  }

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    setAdded(undefined);
    const res = await callApi<{ connection: { name: string; fingerprint: string } }>("POST", `/api/orgs/${orgId}/connections`, values);
    if (!res.ok) return showServerError(form, res.error, setFormError);
    form.reset(EMPTY);
    setAdded(`Added ${res.data.connection.name} (${res.data.connection.fingerprint}). Test it to check Apple accepts the key.`);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
      {added && <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-900 ring-1 ring-green-200">{added}</p>}
      <fieldset className="space-y-1" aria-describedby={errors.keyKind?.message ? "conn-kind-error" : "conn-kind-hint"}>
        <legend className="block text-sm font-medium text-slate-700">Kind of key</legend>
        <div className="flex flex-wrap gap-4 text-sm text-slate-800">
          {(
            [
              ["TEAM", "Team key"],
              ["INDIVIDUAL", "Individual key"],
            ] as const
          ).map(([kind, label]) => (
            <label key={kind} className="inline-flex items-center gap-2">
              <input type="radio" name="keyKind" value={kind} checked={keyKind === kind} onChange={() => chooseKind(kind)} />
              {label}
            </label>
          ))}
        </div>
        {errors.keyKind?.message ? (
          <p id="conn-kind-error" role="alert" className="text-sm text-red-700">{errors.keyKind.message}</p>
        ) : (
          <p id="conn-kind-hint" className="text-xs text-slate-500">
            {keyKind === "TEAM"
              ? "Team keys (Users and Access › Integrations › Team Keys) have an Issuer ID and a role of their own."
              : "Individual keys (your profile in Users and Access › Integrations › Individual Keys) have no Issuer ID, act with their user's access, and cannot read sales reports."}
          </p>
        )}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id="conn-name" label="Name" error={errors.name?.message}>
          <input id="conn-name" className={inputClass} placeholder="Acme Games (client)" {...describedBy("conn-name", errors.name?.message)} {...form.register("name")} />
        </Field>
        {keyKind === "TEAM" && (
          <Field id="conn-issuer" label="Issuer ID" error={errors.issuerId?.message}>
            <input id="conn-issuer" className={`${inputClass} font-mono`} autoComplete="off" spellCheck={false} {...describedBy("conn-issuer", errors.issuerId?.message)} {...form.register("issuerId")} />
          </Field>
        )}
        <Field id="conn-key-id" label="Key ID" error={errors.keyId?.message}>
          <input id="conn-key-id" className={`${inputClass} font-mono`} autoComplete="off" spellCheck={false} {...describedBy("conn-key-id", errors.keyId?.message)} {...form.register("keyId")} />
        </Field>
      </div>
      <Field id="conn-file" label="Private key file (.p8) or fastlane API key file (.json)" error={fileError} hint="A fastlane file (key_id, issuer_id, key) fills every field.">
        <input
          id="conn-file"
          type="file"
          accept=".p8,.json,application/x-pem-file,application/json,text/plain"
          className="block text-sm"
          {...describedBy("conn-file", fileError, true)}
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
      </Field>
      <Field id="conn-key" label="…or paste the private key" error={errors.privateKey?.message} hint="-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----, or the base64 of the .p8 file">
        <textarea id="conn-key" rows={5} className={`${inputClass} font-mono text-xs`} autoComplete="off" spellCheck={false} {...describedBy("conn-key", errors.privateKey?.message)} {...form.register("privateKey")} />
      </Field>
      <Button type="submit" disabled={isSubmitting}>{isSubmitting ? "Adding…" : "Add connection"}</Button>
    </form>
  );
}
