"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { ZChangePassword } from "@/lib/auth/schemas";
import { callApi } from "@/app/_components/api";
import { showServerError } from "@/app/_components/api-form";
import { Button, Field, FormError, inputClass, describedBy } from "@/app/_components/ui";

type Values = { currentPassword: string; newPassword: string };

export function ChangePasswordForm() {
  const [formError, setFormError] = useState<string>();
  const [done, setDone] = useState(false);
  const form = useForm<Values>({ resolver: zodResolver(ZChangePassword), defaultValues: { currentPassword: "", newPassword: "" } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    setDone(false);
    const res = await callApi("POST", "/api/account/password", values);
    if (!res.ok) return showServerError(form, res.error, setFormError);
    form.reset();
    setDone(true);
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
      <Field id="currentPassword" label="Current password" error={errors.currentPassword?.message}>
        <input id="currentPassword" type="password" autoComplete="current-password" className={inputClass} {...describedBy("currentPassword", errors.currentPassword?.message)} {...form.register("currentPassword")} />
      </Field>
      <Field id="newPassword" label="New password" error={errors.newPassword?.message} hint="At least 10 characters.">
        <input id="newPassword" type="password" autoComplete="new-password" className={inputClass} {...describedBy("newPassword", errors.newPassword?.message)} {...form.register("newPassword")} />
      </Field>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={isSubmitting}>Change password</Button>
        {done && <span role="status" className="text-sm text-green-700">Password changed. Other sessions were signed out.</span>}
      </div>
    </form>
  );
}
