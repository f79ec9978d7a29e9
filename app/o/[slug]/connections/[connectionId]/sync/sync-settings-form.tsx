"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { ZSyncSettings } from "@/lib/sync/schemas";
import { callApi } from "@/app/_components/api";
import { showServerError } from "@/app/_components/api-form";
import { Button, describedBy, Field, FormError, inputClass } from "@/app/_components/ui";

type Values = { vendorNumber: string; reviewsEveryMinutes: number; metadataEveryMinutes: number; salesHourUtc: number };

/** Vendor number and schedule intervals; saving re-registers the connection's schedules. */
export function SyncSettingsForm({ url, initial, onSaved }: { url: string; initial: Values; onSaved: () => Promise<unknown> }) {
  const [formError, setFormError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const form = useForm<Values>({ resolver: zodResolver(ZSyncSettings) as never, defaultValues: initial });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    setSaved(false);
    const res = await callApi("PATCH", url, values);
    if (!res.ok) return showServerError(form, res.error, setFormError);
    setSaved(true);
    await onSaved();
  });

  const number = { valueAsNumber: true } as const;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="sync-vendor" label="Vendor number" error={errors.vendorNumber?.message} hint="App Store Connect › Payments and Financial Reports. Leave empty to skip sales.">
          <input id="sync-vendor" inputMode="numeric" autoComplete="off" className={`${inputClass} font-mono`} {...describedBy("sync-vendor", errors.vendorNumber?.message, true)} {...form.register("vendorNumber")} />
        </Field>
        <Field id="sync-sales-hour" label="Daily sales fetch at (hour, UTC)" error={errors.salesHourUtc?.message} hint="Apple publishes the previous day's report by 08:00 UTC.">
          <input id="sync-sales-hour" type="number" min={0} max={23} className={inputClass} {...describedBy("sync-sales-hour", errors.salesHourUtc?.message, true)} {...form.register("salesHourUtc", number)} />
        </Field>
        <Field id="sync-reviews-every" label="Review sync every (minutes)" error={errors.reviewsEveryMinutes?.message} hint="5 to 1440. A deep review pass also runs nightly.">
          <input id="sync-reviews-every" type="number" min={5} max={1440} className={inputClass} {...describedBy("sync-reviews-every", errors.reviewsEveryMinutes?.message, true)} {...form.register("reviewsEveryMinutes", number)} />
        </Field>
        <Field id="sync-metadata-every" label="Metadata sync every (minutes)" error={errors.metadataEveryMinutes?.message} hint="15 to 1440.">
          <input id="sync-metadata-every" type="number" min={15} max={1440} className={inputClass} {...describedBy("sync-metadata-every", errors.metadataEveryMinutes?.message, true)} {...form.register("metadataEveryMinutes", number)} />
        </Field>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={isSubmitting}>{isSubmitting ? "Saving…" : "Save sync settings"}</Button>
        {saved && <span role="status" className="text-sm text-green-700">Saved. Schedules follow the new settings.</span>}
      </div>
    </form>
  );
}
