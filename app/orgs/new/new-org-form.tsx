"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { ZCreateOrg } from "@/lib/orgs/schemas";
import { callApi } from "@/app/_components/api";
import { showServerError } from "@/app/_components/api-form";
import { Button, Field, FormError, inputClass, describedBy } from "@/app/_components/ui";

export function NewOrgForm() {
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const form = useForm<{ name: string }>({ resolver: zodResolver(ZCreateOrg), defaultValues: { name: "" } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    const res = await callApi<{ organization: { slug: string } }>("POST", "/api/orgs", values);
    if (!res.ok) return showServerError(form, res.error, setFormError);
    router.push(`/o/${res.data.organization.slug}`);
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
      <FormError message={formError} />
      <Field id="org-name" label="Organisation name" error={errors.name?.message}>
        <input id="org-name" className={inputClass} {...describedBy("org-name", errors.name?.message)} {...form.register("name")} />
      </Field>
      <Button type="submit" disabled={isSubmitting}>Create organisation</Button>
    </form>
  );
}
