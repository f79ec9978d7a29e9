"use client";

import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import type { ApiError } from "./api";

/**
 * Puts a route's error next to the field it names (and moves focus there); errors that
 * name no field of this form go to the form-level message instead.
 */
export function showServerError<T extends FieldValues>(form: UseFormReturn<T>, error: ApiError, setFormError: (m: string) => void) {
  const values = form.getValues() as Record<string, unknown>;
  const fields = { ...(error.field ? { [error.field]: error.message } : {}), ...error.fields };
  const known = Object.entries(fields).filter(([f]) => f in values);
  known.forEach(([f, message], i) => form.setError(f as Path<T>, { message }, { shouldFocus: i === 0 }));
  if (known.length === 0) setFormError(error.message);
}
