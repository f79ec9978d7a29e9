"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { ZSignUp } from "@/lib/auth/schemas";
import { callApi } from "@/app/_components/api";
import { showServerError } from "@/app/_components/api-form";
import { Button, Field, FormError, describedBy, inputClass } from "@/app/_components/ui";

type Values = { name: string; email: string; password: string; organizationName?: string; invitationToken?: string };

/** Creates the account (and a first organisation, or joins the invitation's), then signs in and goes to it. */
export function SignUpForm({ invitationToken, invitedEmail }: { invitationToken?: string; invitedEmail?: string }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const schema = invitationToken ? ZSignUp : ZSignUp.required({ organizationName: true });
  const form = useForm<Values>({
    resolver: zodResolver(schema) as never,
    defaultValues: { email: invitedEmail ?? "", invitationToken, organizationName: invitationToken ? undefined : "" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    const res = await callApi<{ account: { email: string } }>("POST", "/api/signup", values);
    if (!res.ok) return showServerError(form, res.error, setFormError);
    // The answer is the same when the address already had an account; only its own password signs in.
    const signed = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    if (!signed || signed.error) {
      return setFormError("We could not sign you in with this email and password. If you already have an account, sign in instead.");
    }
    // Someone who already had an account joins now that they are signed in; for a new account
    // the invitation was accepted with the sign-up and this is refused as used.
    const joined = invitationToken ? await callApi<{ organization: { slug: string } }>("POST", "/api/invitations/accept", { token: invitationToken }) : null;
    router.replace(joined?.ok ? `/o/${joined.data.organization.slug}` : "/");
    router.refresh();
  });

  const reg = (name: keyof Values) => ({ ...describedBy(name, errors[name]?.message), ...form.register(name) });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
      <FormError message={formError} />
      <Field id="name" label="Your name" error={errors.name?.message}>
        <input id="name" autoComplete="name" className={inputClass} {...reg("name")} />
      </Field>
      <Field id="email" label="Work email" error={errors.email?.message}>
        <input id="email" type="email" autoComplete="email" className={inputClass} {...reg("email")} />
      </Field>
      <Field id="password" label="Password" error={errors.password?.message} hint="At least 10 characters. A passphrase works well.">
        <input id="password" type="password" autoComplete="new-password" className={inputClass} {...reg("password")} />
      </Field>
      {!invitationToken && (
        <Field id="organizationName" label="Organisation name" error={errors.organizationName?.message} hint="Your company or team; you can add more later.">
          <input id="organizationName" autoComplete="organization" className={inputClass} {...reg("organizationName")} />
        </Field>
      )}
      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {isSubmitting ? "Creating account…" : invitationToken ? "Create account and join" : "Create account"}
      </Button>
    </form>
  );
}
