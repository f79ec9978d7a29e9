"use client";

import { useRef, useState } from "react";
import { callApi, type ApiError } from "@/app/_components/api";
import { Button, Card, cx, describedBy, EmptyState, Field, inputClass } from "@/app/_components/ui";
import { charCount, REPLY_LIMIT } from "@/lib/reviews/limits";
import { renderTemplate, templateProblems, type TEMPLATE_VARIABLES } from "@/lib/reviews/template-text";
import type { TTemplateRow } from "../filters";

type Variables = typeof TEMPLATE_VARIABLES;
type Form = { id: string | null; name: string; body: string };
type Errors = { name?: string; body?: string; form?: string };

/** The review every preview is filled in for. */
const SAMPLE = { nickname: "Sam", app: "Your App", territory: "USA", rating: 2 };
const EMPTY: Form = { id: null, name: "", body: "" };
const byName = (a: TTemplateRow, b: TTemplateRow) => a.name.localeCompare(b.name);

function errorsOf(e: ApiError): Errors {
  const fields = { ...(e.field ? { [e.field]: e.message } : {}), ...e.fields };
  const out: Errors = { name: fields.name, body: fields.body };
  if (!out.name && !out.body) out.form = e.message;
  return out;
}

export function TemplateManager({ orgId, initial, variables, canManage }: { orgId: string; initial: TTemplateRow[]; variables: Variables; canManage: boolean }) {
  const [templates, setTemplates] = useState(initial);
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [deleting, setDeleting] = useState<string | null>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const api = `/api/orgs/${orgId}/review-templates`;
  const problem = templateProblems(form.body);
  const n = charCount(form.body);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setNotice(undefined);
    const res = await callApi<{ template: TTemplateRow }>(form.id ? "PUT" : "POST", form.id ? `${api}/${form.id}` : api, { name: form.name, body: form.body });
    setBusy(false);
    if (!res.ok) {
      const errs = errorsOf(res.error);
      setErrors(errs);
      (errs.name ? nameRef : bodyRef).current?.focus();
      return;
    }
    const t = res.data.template;
    setTemplates((all) => [...all.filter((x) => x.id !== t.id), t].sort(byName));
    setNotice(form.id ? `Saved "${t.name}".` : `Created "${t.name}".`);
    setForm(EMPTY);
  }

  async function remove(t: TTemplateRow) {
    setBusy(true);
    setNotice(undefined);
    const res = await callApi("DELETE", `${api}/${t.id}`);
    setBusy(false);
    setDeleting(null);
    if (!res.ok) return setErrors({ form: res.error.message });
    setTemplates((all) => all.filter((x) => x.id !== t.id));
    if (form.id === t.id) setForm(EMPTY);
    setNotice(`Deleted "${t.name}".`);
  }

  function insertVariable(name: string) {
    const box = bodyRef.current;
    const token = `{${name}}`;
    const [from, to] = box ? [box.selectionStart, box.selectionEnd] : [form.body.length, form.body.length];
    setForm((f) => ({ ...f, body: f.body.slice(0, from) + token + f.body.slice(to) }));
    requestAnimationFrame(() => {
      bodyRef.current?.focus();
      bodyRef.current?.setSelectionRange(from + token.length, from + token.length);
    });
  }

  const list =
    templates.length === 0 ? (
      <EmptyState title="No templates yet">{canManage ? "Write the replies your team sends most often; the form is on this page." : "Members who answer reviews can add templates here."}</EmptyState>
    ) : (
      <ul aria-label="Templates" className="space-y-3">
        {templates.map((t) => (
          <li key={t.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <h3 className="font-medium text-slate-900">{t.name}</h3>
              {canManage && (
                <div className="flex items-center gap-2">
                  <Button type="button" variant="ghost" className="px-2 py-1" aria-label={`Edit ${t.name}`} onClick={() => (setForm({ id: t.id, name: t.name, body: t.body }), setErrors({}), nameRef.current?.focus())}>
                    Edit
                  </Button>
                  {deleting === t.id ? (
                    <>
                      <Button type="button" variant="danger" className="px-2 py-1" disabled={busy} onClick={() => void remove(t)}>
                        Yes, delete {t.name}
                      </Button>
                      <Button type="button" variant="ghost" className="px-2 py-1" onClick={() => setDeleting(null)}>
                        Keep
                      </Button>
                    </>
                  ) : (
                    <Button type="button" variant="ghost" className="px-2 py-1 text-red-700" aria-label={`Delete ${t.name}`} onClick={() => setDeleting(t.id)}>
                      Delete
                    </Button>
                  )}
                </div>
              )}
            </div>
            <p className="mt-1 whitespace-pre-wrap text-sm text-slate-600">{t.body}</p>
            <p className="mt-2 text-xs text-slate-400">Updated {t.updatedAt.slice(0, 10)}</p>
          </li>
        ))}
      </ul>
    );

  if (!canManage) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-slate-600">Your role can read templates but not change them.</p>
        {list}
      </div>
    );
  }

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="space-y-3">
        {notice && (
          <p role="status" className="text-sm text-emerald-700">
            {notice}
          </p>
        )}
        {list}
      </div>
      <Card title={form.id ? "Edit template" : "New template"}>
        <form onSubmit={save} className="space-y-4" noValidate>
          {errors.form && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
              {errors.form}
            </p>
          )}
          <Field id="template-name" label="Name" error={errors.name}>
            <input id="template-name" ref={nameRef} value={form.name} maxLength={80} onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))} className={inputClass} {...describedBy("template-name", errors.name)} />
          </Field>
          <Field id="template-body" label="Text" error={errors.body} hint={<span className={cx(n > REPLY_LIMIT && "font-semibold text-red-700")}>{n.toLocaleString("en-US")}/{REPLY_LIMIT.toLocaleString("en-US")} characters</span>}>
            <textarea id="template-body" ref={bodyRef} rows={8} value={form.body} onChange={(e) => setForm((f) => ({ ...f, body: e.target.value }))} className={inputClass} {...describedBy("template-body", errors.body, true)} />
          </Field>
          <div>
            <p className="text-xs font-medium text-slate-600">Variables</p>
            <ul aria-label="Variables" className="mt-1 flex flex-wrap gap-2">
              {Object.entries(variables).map(([name, what]) => (
                <li key={name}>
                  <button type="button" title={what} aria-label={`Insert {${name}}: ${what}`} onClick={() => insertVariable(name)} className="rounded bg-slate-100 px-2 py-1 font-mono text-xs text-slate-700 ring-1 ring-slate-200 hover:bg-slate-200">
                    {`{${name}}`}
                  </button>
                </li>
              ))}
            </ul>
            <p className="mt-1 text-xs text-slate-500">Write {"{{"} and {"}}"} for literal braces.</p>
          </div>
          <figure aria-labelledby="template-preview-caption" className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
            <figcaption id="template-preview-caption" className="text-xs font-medium text-slate-600">
              Preview: a {SAMPLE.rating}-star review by {SAMPLE.nickname} ({SAMPLE.territory}) of {SAMPLE.app}
            </figcaption>
            <p className="mt-1 min-h-10 whitespace-pre-wrap text-sm text-slate-800">{form.body ? renderTemplate(form.body, SAMPLE) : "The filled-in text appears here as you write."}</p>
            {problem && <p className="mt-2 text-xs text-amber-800">{problem}</p>}
          </figure>
          <div className="flex gap-2">
            <Button type="submit" disabled={busy}>
              {busy ? "Saving…" : form.id ? "Save changes" : "Save template"}
            </Button>
            {form.id && (
              <Button type="button" variant="secondary" onClick={() => (setForm(EMPTY), setErrors({}))}>
                Cancel
              </Button>
            )}
          </div>
        </form>
      </Card>
    </div>
  );
}
