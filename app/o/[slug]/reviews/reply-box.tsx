"use client";

import Link from "next/link";
import { useState, type RefObject } from "react";
import { callApi } from "@/app/_components/api";
import { Button, cx, inputClass } from "@/app/_components/ui";
import { charCount, REPLY_LIMIT } from "@/lib/reviews/limits";
import { REPLY_EXISTS_AT_APPLE, type TFoundReply } from "@/lib/reviews/reply-at-apple";
import { renderTemplate } from "@/lib/reviews/template-text";
import type { TInboxReview, TTemplateRow } from "./filters";
import { FoundReply } from "./found-reply";
import { Kbd } from "./parts";

type Props = {
  review: TInboxReview;
  /** The signed-in member's user id. */
  me: string;
  /** The member's replies wait for approval instead of going to App Store Connect. */
  held: boolean;
  /** What was typed for this review and not sent yet; null shows the current reply (or nothing). */
  draft: string | null;
  onDraft: (text: string | null) => void;
  onChanged: (review: TInboxReview) => void;
  onFailed: () => void;
  onLeave: () => void;
  templates: TTemplateRow[];
  templatesHref: string;
  url: string;
  replyRef: RefObject<HTMLTextAreaElement | null>;
};

type Method = "POST" | "PUT" | "DELETE";
type Body = { body: string; replace?: { responseId: string; responseBody: string } };

/**
 * Writing, editing and deleting the reply to one review. What the person wrote stays in
 * the box until App Store Connect has taken it; a refusal shows Apple's reason beside it,
 * and a reply written in App Store Connect since the last sync is shown to keep or replace.
 */
export function ReplyBox({ review, me, held, draft, onDraft, onChanged, onFailed, onLeave, templates, templatesHref, url, replyRef }: Props) {
  const [busy, setBusy] = useState<"send" | "delete" | null>(null);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [found, setFound] = useState<{ reply: TFoundReply; method: Method } | null>(null);
  const [templateId, setTemplateId] = useState("");
  // The author of a reply waiting for approval changes that text; sending it again replaces it in the queue.
  const waitingMine = review.pendingReply && review.pendingReply.authorId === me ? review.pendingReply.body : null;
  const text = draft ?? waitingMine ?? review.response?.body ?? "";
  const n = charCount(text);
  const over = n > REPLY_LIMIT;
  const editing = review.response !== null;
  const canSend = !busy && text.trim().length > 0 && !over;
  const template = templates.find((t) => t.id === templateId);
  const rendered = template ? renderTemplate(template.body, { nickname: review.reviewerNickname, app: review.app.name, territory: review.territory, rating: review.rating }) : "";

  async function call(method: Method, body?: Body) {
    setError(undefined);
    setNotice(undefined);
    setBusy(method === "DELETE" ? "delete" : "send");
    // The text goes into the draft first, so a refusal leaves it exactly as it was sent.
    if (body) onDraft(body.body);
    const res = await callApi<{ review: TInboxReview; pendingReply?: unknown }>(method, url, body);
    setBusy(null);
    setConfirmDelete(false);
    if (!res.ok) {
      const reply = (res.error as { found?: TFoundReply }).found;
      if (res.error.code === REPLY_EXISTS_AT_APPLE && reply) setFound({ reply, method });
      else setError(res.error.message);
      onFailed();
      return;
    }
    setFound(null);
    onDraft(null);
    onChanged(res.data.review);
    if (res.data.pendingReply) {
      setNotice("Your reply waits for approval by an owner or admin. Nothing was sent to App Store Connect yet.");
      return;
    }
    const replaced = body?.replace ? " The reply written in App Store Connect was replaced." : "";
    setNotice((method === "POST" ? "Reply sent. App Store Connect publishes it shortly." : method === "PUT" ? "Edit saved at App Store Connect." : "Reply deleted at App Store Connect.") + replaced);
  }

  /** "Keep theirs": our copy becomes App Store Connect's reply; the text in the box stays for the member. */
  async function keepTheirs() {
    setError(undefined);
    setNotice(undefined);
    setBusy("send");
    // After a refused delete there is no text of the member's to keep: the box shows theirs.
    const draftStays = found?.method !== "DELETE";
    if (draftStays) onDraft(text);
    const res = await callApi<{ review: TInboxReview }>("POST", `${url}/keep`);
    setBusy(null);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    setFound(null);
    onChanged(res.data.review);
    setNotice(`Kept the reply from App Store Connect.${draftStays ? " Your text is still in the box." : ""}`);
  }

  const replaceTheirs = () => found && canSend && void call(found.method === "DELETE" ? "PUT" : found.method, { body: text, replace: { responseId: found.reply.id, responseBody: found.reply.body } });

  const send = () => canSend && void call(editing ? "PUT" : "POST", { body: text });

  function insertTemplate() {
    const box = replyRef.current;
    const [from, to] = box && box.value === text ? [box.selectionStart, box.selectionEnd] : [text.length, text.length];
    onDraft(text.slice(0, from) + rendered + text.slice(to));
    setTemplateId("");
    requestAnimationFrame(() => {
      replyRef.current?.focus();
      replyRef.current?.setSelectionRange(from + rendered.length, from + rendered.length);
    });
  }

  return (
    <div className="space-y-3">
      <TemplatePicker templates={templates} templatesHref={templatesHref} templateId={templateId} onChoose={setTemplateId} rendered={rendered} onInsert={insertTemplate} />
      <div>
        <div className="flex items-baseline justify-between gap-3">
          <label htmlFor="reply-text" className="text-sm font-medium text-slate-700">
            Your reply
          </label>
          <span id="reply-count" className={cx("text-xs tabular-nums", over ? "font-semibold text-red-700" : "text-slate-500")}>
            {n.toLocaleString("en-US")}/{REPLY_LIMIT.toLocaleString("en-US")}
            {over && ` · ${(n - REPLY_LIMIT).toLocaleString("en-US")} over`}
          </span>
        </div>
        <textarea
          id="reply-text"
          ref={replyRef}
          rows={7}
          value={text}
          onChange={(e) => onDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              send();
            } else if (e.key === "Escape") {
              e.preventDefault();
              onLeave();
            }
          }}
          aria-invalid={over || undefined}
          aria-describedby={cx("reply-count", error && "reply-error", "reply-keys")}
          placeholder={`Reply to ${review.reviewerNickname ?? "the reviewer"}…`}
          className={cx(inputClass, "mt-1 resize-y leading-relaxed")}
        />
        <p id="reply-keys" className="mt-1 text-xs text-slate-500">
          <Kbd>Ctrl</Kbd> + <Kbd>Enter</Kbd> sends · <Kbd>Esc</Kbd> leaves the box
        </p>
      </div>
      {found && <FoundReply found={found.reply} busy={!!busy} canReplace={found.method !== "DELETE" && canSend} onKeep={() => void keepTheirs()} onReplace={replaceTheirs} />}
      {error && (
        <p id="reply-error" role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {error}
        </p>
      )}
      {notice && !error && (
        <p role="status" className="text-sm text-emerald-700">
          {notice}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" onClick={send} disabled={!canSend}>
          {busy === "send" ? "Sending…" : held ? "Submit for approval" : editing ? "Save edit" : "Send reply"}
        </Button>
        {editing && !confirmDelete && (
          <Button type="button" variant="secondary" disabled={!!busy} onClick={() => setConfirmDelete(true)}>
            Delete reply
          </Button>
        )}
        {confirmDelete && (
          <span role="group" aria-label="Confirm deleting the reply" className="flex items-center gap-2 text-sm text-slate-700">
            Delete it at App Store Connect?
            <Button type="button" variant="danger" disabled={!!busy} onClick={() => void call("DELETE")}>
              {busy === "delete" ? "Deleting…" : "Yes, delete reply"}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setConfirmDelete(false)}>
              Keep it
            </Button>
          </span>
        )}
      </div>
    </div>
  );
}

function TemplatePicker({ templates, templatesHref, templateId, onChoose, rendered, onInsert }: { templates: TTemplateRow[]; templatesHref: string; templateId: string; onChoose: (id: string) => void; rendered: string; onInsert: () => void }) {
  if (templates.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        No reply templates yet.{" "}
        <Link href={templatesHref} className="font-medium text-brand-700 hover:underline">
          Create one
        </Link>
      </p>
    );
  }
  return (
    <div className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-48 flex-1">
          <label htmlFor="reply-template" className="mb-1 block text-xs font-medium text-slate-600">
            Template
          </label>
          <select id="reply-template" value={templateId} onChange={(e) => onChoose(e.target.value)} className={cx(inputClass, "py-1.5")}>
            <option value="">Choose a template…</option>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <Button type="button" variant="secondary" disabled={!templateId} onClick={onInsert}>
          Insert template
        </Button>
      </div>
      {templateId && (
        <figure className="mt-3" aria-labelledby="reply-template-preview">
          <figcaption id="reply-template-preview" className="text-xs font-medium text-slate-600">
            Template preview for this review
          </figcaption>
          <p className="mt-1 whitespace-pre-wrap rounded bg-white p-2 text-sm text-slate-800 ring-1 ring-slate-200">
            {rendered}
          </p>
        </figure>
      )}
    </div>
  );
}
