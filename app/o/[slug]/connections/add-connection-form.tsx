"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { ZCreateConnection } from "@/lib/connections/schemas";
import { callApi } from "@/app/_components/api";
import { showServerError } from "@/app/_components/api-form";
import { Button, describedBy, Field, FormError, inputClass } from "@/app/_components/ui";

type Values = { name: string; issuerId: string; keyId: string; privateKey: string; fileName?: string };

/** The .p8 can be chosen as a file (read in the browser) or pasted; either way it is sent once, as text. */
export function AddConnectionForm({ orgId }: { orgId: string }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [added, setAdded] = useState<string>();
  const form = useForm<Values>({ resolver: zodResolver(ZCreateConnection) as never, defaultValues: { name: "", issuerId: "", keyId: "", privateKey: "" } });
  const { errors, isSubmitting } = form.formState;

  async function onFile(file: File | undefined) {
    if (!file) return;
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
    form.reset({ name: "", issuerId: "", keyId: "", privateKey: "", fileName: undefined });
    setAdded(`Added ${res.data.connection.name} (${res.data.connection.fingerprint}). Test it to check Apple accepts the key.`);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
      {added && <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-900 ring-1 ring-green-200">{added}</p>}
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id="conn-name" label="Name" error={errors.name?.message}>
          <input id="conn-name" className={inputClass} placeholder="Acme Games (client)" {...describedBy("conn-name", errors.name?.message)} {...form.register("name")} />
        </Field>
        <Field id="conn-issuer" label="Issuer ID" error={errors.issuerId?.message}>
          <input id="conn-issuer" className={`${inputClass} font-mono`} autoComplete="off" spellCheck={false} {...describedBy("conn-issuer", errors.issuerId?.message)} {...form.register("issuerId")} />
        </Field>
        <Field id="conn-key-id" label="Key ID" error={errors.keyId?.message}>
          <input id="conn-key-id" className={`${inputClass} font-mono`} autoComplete="off" spellCheck={false} {...describedBy("conn-key-id", errors.keyId?.message)} {...form.register("keyId")} />
        </Field>
      </div>
      <Field id="conn-file" label="Private key file (.p8)">
        <input id="conn-file" type="file" accept=".p8,application/x-pem-file,text/plain" className="block text-sm" onChange={(e) => void onFile(e.target.files?.[0])} />
      </Field>
      <Field id="conn-key" label="…or paste the private key" error={errors.privateKey?.message} hint="-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----">
        <textarea id="conn-key" rows={5} className={`${inputClass} font-mono text-xs`} autoComplete="off" spellCheck={false} {...describedBy("conn-key", errors.privateKey?.message)} {...form.register("privateKey")} />
      </Field>
      <Button type="submit" disabled={isSubmitting}>{isSubmitting ? "Adding…" : "Add connection"}</Button>
    </form>
  );
}
