"use client";

import { useMemo, useState } from "react";
import { callApi, type ApiError } from "@/app/_components/api";
import { Button, Card, cx, describedBy, EmptyState, Field, FormError, inputClass } from "@/app/_components/ui";

type Channel = { id: string; kind: "EMAIL" | "SLACK" | "TEAMS" | "WEBHOOK"; name: string; emails: string[]; target: string | null; createdAt: string };
type Rule = {
  id: string; name: string; kind: string; enabled: boolean; connectionIds: string[]; appIds: string[]; filters: Record<string, unknown>;
  cadence: "IMMEDIATE" | "HOURLY" | "DAILY"; quietHours: { from: string; to: string } | null; channelIds: string[]; createdAt: string;
};
type Delivery = {
  id: string; channelId: string; ruleId: string | null; kind: string; events: number; status: "PENDING" | "SENT" | "FAILED" | "UNCONFIRMED"; attempts: number;
  lastStatusCode: number | null; lastError: string | null; dueAt: string; sentAt: string | null; createdAt: string;
};
type Named = { id: string; name: string };

const KIND_LABELS: Record<Channel["kind"], string> = { EMAIL: "Email", SLACK: "Slack", TEAMS: "Microsoft Teams", WEBHOOK: "Signed webhook" };
export const RULE_KINDS: Record<string, string> = {
  NEW_REVIEW: "A new review",
  REVIEW_EDITED: "A review edited after we replied",
  RATING_DROP: "A new version's rating below the previous one's",
  CONNECTION_PROBLEM: "A key refused or a capability lost",
  SYNC_FAILING: "A sync failing repeatedly",
  SALES_FAILING: "A sales day failing",
  KEY_AGE: "A key due for rotation",
  CHANGE_SET_WAITING: "A change set waiting for approval",
};
const CADENCES = { IMMEDIATE: "Immediately", HOURLY: "Hourly digest", DAILY: "Daily digest" } as const;

const split = (v: string) => v.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
const when = (iso: string) => iso.slice(0, 16).replace("T", " ") + " UTC";
const fieldErrors = (e: ApiError) => ({ ...(e.field ? { [e.field]: e.message } : {}), ...e.fields });

/** Adds a channel; a webhook's signing secret is shown once, here. */
function ChannelForm({ api, onAdded }: { api: string; onAdded: (c: Channel, secret: string | null) => void }) {
  const [kind, setKind] = useState<Channel["kind"]>("SLACK");
  const [name, setName] = useState("");
  const [target, setTarget] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError(undefined);
    const body = kind === "EMAIL" ? { kind, name, emails: split(target) } : { kind, name, url: target.trim() };
    const res = await callApi<{ channel: Channel; secret: string | null }>("POST", `${api}/channels`, body);
    setBusy(false);
    if (!res.ok) {
      const f = fieldErrors(res.error);
      const mapped = { name: f.name, target: f.url ?? Object.entries(f).find(([k]) => k.startsWith("emails"))?.[1] };
      setErrors(Object.fromEntries(Object.entries(mapped).filter(([, v]) => v)) as Record<string, string>);
      if (!mapped.name && !mapped.target) setFormError(res.error.message);
      return;
    }
    onAdded(res.data.channel, res.data.secret);
    setName("");
    setTarget("");
  }

  return (
    <form onSubmit={submit} className="space-y-3" noValidate aria-label="Add a channel">
      <FormError message={formError} />
      <Field id="channel-kind" label="Kind">
        <select id="channel-kind" value={kind} onChange={(e) => setKind(e.target.value as Channel["kind"])} className={inputClass}>
          {Object.entries(KIND_LABELS).map(([k, label]) => (
            <option key={k} value={k}>{label}</option>
          ))}
        </select>
      </Field>
      <Field id="channel-name" label="Name" error={errors.name}>
        <input id="channel-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} className={inputClass} {...describedBy("channel-name", errors.name)} />
      </Field>
      {kind === "EMAIL" ? (
        <Field id="channel-target" label="Email addresses" error={errors.target} hint="Separate addresses with commas or new lines; up to 20.">
          <textarea id="channel-target" rows={2} value={target} onChange={(e) => setTarget(e.target.value)} className={inputClass} {...describedBy("channel-target", errors.target, true)} />
        </Field>
      ) : (
        <Field
          id="channel-target"
          label={kind === "WEBHOOK" ? "Endpoint address" : "Incoming webhook address"}
          error={errors.target}
          hint="An https address on the public internet. It is stored encrypted; afterwards only its host is shown."
        >
          <input id="channel-target" type="url" value={target} onChange={(e) => setTarget(e.target.value)} placeholder="https://" className={inputClass} {...describedBy("channel-target", errors.target, true)} />
        </Field>
      )}
      <Button type="submit" disabled={busy}>{busy ? "Checking…" : "Add channel"}</Button>
    </form>
  );
}

type RuleDraft = {
  name: string; kind: string; cadence: Rule["cadence"]; quiet: boolean; quietFrom: string; quietTo: string; channelIds: string[]; connectionIds: string[];
  ratings: number[]; territories: string; words: string; minRatings: string; dropBy: string; failuresInARow: string; days: string;
};
const EMPTY_RULE: RuleDraft = {
  name: "", kind: "NEW_REVIEW", cadence: "IMMEDIATE", quiet: false, quietFrom: "22:00", quietTo: "07:00", channelIds: [], connectionIds: [],
  ratings: [], territories: "", words: "", minRatings: "10", dropBy: "", failuresInARow: "3", days: "180",
};

/** The filters each kind takes, from the form; numbers the server checks and names when wrong. */
function filtersOf(d: RuleDraft): Record<string, unknown> | undefined {
  const num = (v: string) => (v.trim() === "" ? null : Number(v));
  if (d.kind === "NEW_REVIEW") return { ratings: d.ratings, territories: split(d.territories.toUpperCase()), words: split(d.words) };
  if (d.kind === "RATING_DROP") return { minRatings: num(d.minRatings) ?? 10, dropBy: num(d.dropBy) };
  if (d.kind === "SYNC_FAILING") return { failuresInARow: num(d.failuresInARow) ?? 3 };
  if (d.kind === "KEY_AGE") return { days: num(d.days) ?? 180 };
  return undefined;
}

function RuleForm({ api, channels, connections, onAdded }: { api: string; channels: Channel[]; connections: Named[]; onAdded: (r: Rule) => void }) {
  const [d, setD] = useState<RuleDraft>(EMPTY_RULE);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof RuleDraft>(k: K, v: RuleDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const toggle = (list: string[], id: string) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError(undefined);
    const body = {
      name: d.name, kind: d.kind, cadence: d.cadence, channelIds: d.channelIds, connectionIds: d.connectionIds,
      quietHours: d.quiet ? { from: d.quietFrom, to: d.quietTo } : null,
      ...(filtersOf(d) ? { filters: filtersOf(d) } : {}),
    };
    const res = await callApi<{ rule: Rule }>("POST", `${api}/rules`, body);
    setBusy(false);
    if (!res.ok) {
      const f = fieldErrors(res.error);
      const top = (k: string) => Object.entries(f).find(([key]) => key === k || key.startsWith(`${k}.`))?.[1];
      const mapped: Record<string, string | undefined> = { name: top("name"), channelIds: top("channelIds"), quietHours: top("quietHours"), filters: top("filters"), connectionIds: top("connectionIds") };
      const shown = Object.fromEntries(Object.entries(mapped).filter(([, v]) => v)) as Record<string, string>;
      setErrors(shown);
      if (!Object.keys(shown).length) setFormError(res.error.message);
      return;
    }
    onAdded(res.data.rule);
    setD(EMPTY_RULE);
  }

  return (
    <form onSubmit={submit} className="space-y-3" noValidate aria-label="Add a rule">
      <FormError message={formError} />
      <Field id="rule-name" label="Name" error={errors.name}>
        <input id="rule-name" value={d.name} maxLength={80} onChange={(e) => set("name", e.target.value)} className={inputClass} {...describedBy("rule-name", errors.name)} />
      </Field>
      <Field id="rule-kind" label="Tell us about">
        <select id="rule-kind" value={d.kind} onChange={(e) => set("kind", e.target.value)} className={inputClass}>
          {Object.entries(RULE_KINDS).map(([k, label]) => (
            <option key={k} value={k}>{label}</option>
          ))}
        </select>
      </Field>
      {d.kind === "NEW_REVIEW" && (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Only reviews with these ratings (none ticked: any)</legend>
          <div className="flex gap-3">
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n} className="flex items-center gap-1 text-sm">
                <input type="checkbox" checked={d.ratings.includes(n)} onChange={() => set("ratings", d.ratings.includes(n) ? d.ratings.filter((x) => x !== n) : [...d.ratings, n].sort())} />
                {n}★
              </label>
            ))}
          </div>
          <Field id="rule-territories" label="Territories" hint="Apple's three-letter codes, such as USA, GBR; empty for all." error={errors.filters}>
            <input id="rule-territories" value={d.territories} onChange={(e) => set("territories", e.target.value)} className={inputClass} />
          </Field>
          <Field id="rule-words" label="Words" hint="Reviews whose title or text holds one of these; empty for any.">
            <input id="rule-words" value={d.words} onChange={(e) => set("words", e.target.value)} className={inputClass} />
          </Field>
        </fieldset>
      )}
      {d.kind === "RATING_DROP" && (
        <div className="grid gap-2 sm:grid-cols-2">
          <Field id="rule-min-ratings" label="Ratings needed on both versions" error={errors.filters}>
            <input id="rule-min-ratings" inputMode="numeric" value={d.minRatings} onChange={(e) => set("minRatings", e.target.value)} className={inputClass} />
          </Field>
          <Field id="rule-drop-by" label="Stars lower, at least" hint="Empty for any drop.">
            <input id="rule-drop-by" inputMode="decimal" value={d.dropBy} onChange={(e) => set("dropBy", e.target.value)} className={inputClass} />
          </Field>
        </div>
      )}
      {d.kind === "SYNC_FAILING" && (
        <Field id="rule-failures" label="Failed runs in a row" error={errors.filters}>
          <input id="rule-failures" inputMode="numeric" value={d.failuresInARow} onChange={(e) => set("failuresInARow", e.target.value)} className={inputClass} />
        </Field>
      )}
      {d.kind === "KEY_AGE" && (
        <Field id="rule-days" label="Days since the key was added or replaced" error={errors.filters}>
          <input id="rule-days" inputMode="numeric" value={d.days} onChange={(e) => set("days", e.target.value)} className={inputClass} />
        </Field>
      )}
      {connections.length > 1 && (
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Connections (none ticked: all)</legend>
          {connections.map((c) => (
            <label key={c.id} className="mr-3 inline-flex items-center gap-1 text-sm">
              <input type="checkbox" checked={d.connectionIds.includes(c.id)} onChange={() => set("connectionIds", toggle(d.connectionIds, c.id))} />
              {c.name}
            </label>
          ))}
        </fieldset>
      )}
      <Field id="rule-cadence" label="How often">
        <select id="rule-cadence" value={d.cadence} onChange={(e) => set("cadence", e.target.value as Rule["cadence"])} className={inputClass}>
          {Object.entries(CADENCES).map(([k, label]) => (
            <option key={k} value={k}>{label}</option>
          ))}
        </select>
      </Field>
      <div className="space-y-1">
        <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input type="checkbox" checked={d.quiet} onChange={(e) => set("quiet", e.target.checked)} /> Quiet hours
        </label>
        {d.quiet && (
          <div className="flex items-center gap-2 text-sm">
            <label htmlFor="rule-quiet-from">From</label>
            <input id="rule-quiet-from" type="time" value={d.quietFrom} onChange={(e) => set("quietFrom", e.target.value)} className={cx(inputClass, "w-32")} />
            <label htmlFor="rule-quiet-to">to</label>
            <input id="rule-quiet-to" type="time" value={d.quietTo} onChange={(e) => set("quietTo", e.target.value)} className={cx(inputClass, "w-32")} />
          </div>
        )}
        {errors.quietHours && <p role="alert" className="text-sm text-red-700">{errors.quietHours}</p>}
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Send to</legend>
        {channels.length === 0 && <p className="text-sm text-slate-500">Add a channel first.</p>}
        {channels.map((c) => (
          <label key={c.id} className="mr-3 inline-flex items-center gap-1 text-sm">
            <input type="checkbox" checked={d.channelIds.includes(c.id)} onChange={() => set("channelIds", toggle(d.channelIds, c.id))} />
            {c.name}
          </label>
        ))}
        {errors.channelIds && <p role="alert" className="text-sm text-red-700">{errors.channelIds}</p>}
      </fieldset>
      <Button type="submit" disabled={busy}>{busy ? "Saving…" : "Add rule"}</Button>
    </form>
  );
}

export function AlertsManager({ orgId, initial, connections, apps }: { orgId: string; initial: { channels: Channel[]; rules: Rule[]; deliveries: Delivery[]; timeZone: string }; connections: Named[]; apps: Named[] }) {
  const api = `/api/orgs/${orgId}/alerts`;
  const [channels, setChannels] = useState(initial.channels);
  const [rules, setRules] = useState(initial.rules);
  const [deliveries, setDeliveries] = useState(initial.deliveries);
  const [timeZone, setTimeZone] = useState(initial.timeZone);
  const [zoneError, setZoneError] = useState<string>();
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const channelName = useMemo(() => new Map(channels.map((c) => [c.id, c.name])), [channels]);
  const connectionName = useMemo(() => new Map(connections.map((c) => [c.id, c.name])), [connections]);
  const appName = useMemo(() => new Map(apps.map((a) => [a.id, a.name])), [apps]);
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []), []);

  async function refreshLog() {
    const res = await callApi<{ deliveries: Delivery[] }>("GET", `${api}/deliveries`);
    if (res.ok) setDeliveries(res.data.deliveries);
  }

  async function act(method: string, url: string, done: string, after?: () => void) {
    setNotice(undefined);
    setError(undefined);
    const res = await callApi(method, url);
    if (!res.ok) return setError(res.error.message);
    after?.();
    setNotice(done);
    await refreshLog();
  }

  async function toggleRule(r: Rule) {
    setNotice(undefined);
    setError(undefined);
    const res = await callApi<{ rule: Rule }>("PATCH", `${api}/rules/${r.id}`, { enabled: !r.enabled });
    if (!res.ok) return setError(res.error.message);
    setRules((all) => all.map((x) => (x.id === r.id ? res.data.rule : x)));
    setNotice(`${r.name} is ${res.data.rule.enabled ? "on" : "off"}.`);
  }

  async function saveZone(e: React.FormEvent) {
    e.preventDefault();
    setZoneError(undefined);
    const res = await callApi<{ settings: { timeZone: string } }>("PUT", `${api}/settings`, { timeZone });
    if (!res.ok) return setZoneError(res.error.message);
    setTimeZone(res.data.settings.timeZone);
    setNotice(`Quiet hours and digests now follow ${res.data.settings.timeZone}.`);
  }

  return (
    <div className="space-y-6">
      {notice && <p role="status" className="text-sm text-emerald-700">{notice}</p>}
      <FormError message={error} />
      {secret && (
        <div role="alert" className="rounded-md bg-amber-50 p-4 text-sm ring-1 ring-amber-200">
          <p className="font-medium text-amber-900">Signing secret of “{secret.name}”: copy it now, it is not shown again.</p>
          <code data-testid="webhook-secret" className="mt-2 block break-all rounded bg-white px-2 py-1 font-mono text-xs ring-1 ring-amber-200">{secret.value}</code>
          <p className="mt-2 text-amber-900">
            Each request carries <code>x-ascdash-signature: v1=&lt;hex&gt;</code>, the HMAC-SHA256 of <code>&lt;x-ascdash-timestamp&gt;.&lt;body&gt;</code> with this secret, and an <code>idempotency-key</code> to drop repeats.
          </p>
          <Button type="button" variant="secondary" className="mt-2" onClick={() => setSecret(null)}>I have stored it</Button>
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Channels" description="Where alerts go.">
          {channels.length === 0 ? (
            <EmptyState title="No channels yet">Add an email list, a Slack or Teams incoming webhook, or your own endpoint.</EmptyState>
          ) : (
            <ul aria-label="Channels" className="mb-4 divide-y divide-slate-100">
              {channels.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <div>
                    <p className="font-medium text-slate-900">{c.name}</p>
                    <p className="text-xs text-slate-500">{KIND_LABELS[c.kind]} · {c.kind === "EMAIL" ? c.emails.join(", ") : c.target}</p>
                  </div>
                  <div className="flex gap-1">
                    <Button type="button" variant="secondary" className="px-2 py-1" aria-label={`Send a test to ${c.name}`} onClick={() => void act("POST", `${api}/channels/${c.id}/test`, `Test queued for ${c.name}; its result appears in the delivery log.`)}>
                      Send a test
                    </Button>
                    <Button type="button" variant="ghost" className="px-2 py-1 text-red-700" aria-label={`Delete ${c.name}`} onClick={() => void act("DELETE", `${api}/channels/${c.id}`, `Deleted ${c.name}.`, () => setChannels((all) => all.filter((x) => x.id !== c.id)))}>
                      Delete
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <ChannelForm
            api={api}
            onAdded={(c, s) => {
              setChannels((all) => [...all, c].sort((a, b) => a.name.localeCompare(b.name)));
              setNotice(`Added ${c.name}.`);
              if (s) setSecret({ name: c.name, value: s });
            }}
          />
        </Card>
        <Card title="Rules" description="What is worth a message, and how often.">
          {rules.length === 0 ? (
            <EmptyState title="No rules yet">A rule picks what to watch, the channels to tell and how often.</EmptyState>
          ) : (
            <ul aria-label="Rules" className="mb-4 divide-y divide-slate-100">
              {rules.map((r) => (
                <li key={r.id} className="flex flex-wrap items-start justify-between gap-2 py-2">
                  <div className="text-sm">
                    <p className="font-medium text-slate-900">{r.name}{!r.enabled && <span className="ml-2 text-xs text-slate-500">(off)</span>}</p>
                    <p className="text-xs text-slate-500">
                      {RULE_KINDS[r.kind] ?? r.kind} · {CADENCES[r.cadence]}
                      {r.quietHours && ` · quiet ${r.quietHours.from}–${r.quietHours.to}`} · to {r.channelIds.map((id) => channelName.get(id) ?? "a deleted channel").sort((a, b) => a.localeCompare(b)).join(", ")}
                      {r.connectionIds.length > 0 && ` · ${r.connectionIds.map((id) => connectionName.get(id) ?? "a deleted connection").join(", ")}`}
                      {r.appIds.length > 0 && ` · ${r.appIds.map((id) => appName.get(id) ?? "a deleted app").join(", ")}`}
                    </p>
                  </div>
                  <div className="flex gap-1">
                  <Button
                    type="button"
                    variant="secondary"
                    className="px-2 py-1"
                    aria-label={`${r.enabled ? "Turn off" : "Turn on"} ${r.name}`}
                    onClick={() => void toggleRule(r)}
                  >
                    {r.enabled ? "Turn off" : "Turn on"}
                  </Button>
                  <Button type="button" variant="ghost" className="px-2 py-1 text-red-700" aria-label={`Delete rule ${r.name}`} onClick={() => void act("DELETE", `${api}/rules/${r.id}`, `Deleted rule ${r.name}.`, () => setRules((all) => all.filter((x) => x.id !== r.id)))}>
                    Delete
                  </Button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <RuleForm api={api} channels={channels} connections={connections} onAdded={(r) => (setRules((all) => [...all, r].sort((a, b) => a.name.localeCompare(b.name))), setNotice(`Added rule ${r.name}.`))} />
        </Card>
      </div>
      <Card title="Time zone" description="Quiet hours and digest periods are read in this zone.">
        <form onSubmit={saveZone} className="flex flex-wrap items-end gap-2" noValidate>
          <Field id="alert-zone" label="Time zone" error={zoneError}>
            <input id="alert-zone" list="alert-zones" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} className={cx(inputClass, "w-72")} {...describedBy("alert-zone", zoneError)} />
          </Field>
          <datalist id="alert-zones">{zones.map((z) => <option key={z} value={z} />)}</datalist>
          <Button type="submit" variant="secondary">Save time zone</Button>
        </form>
      </Card>
      <Card title="Delivery log" description="Every message and each try, newest first. A delivery's id is the idempotency key its receiver gets." actions={<Button type="button" variant="secondary" onClick={() => void refreshLog()}>Refresh</Button>}>
        {deliveries.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing sent yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm" aria-label="Deliveries">
              <thead className="text-xs uppercase text-slate-500">
                <tr><th className="py-1 pr-3">Created</th><th className="pr-3">Channel</th><th className="pr-3">What</th><th className="pr-3">Status</th><th className="pr-3">Tries</th><th className="pr-3">Answer</th><th /></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {deliveries.map((d) => (
                  <tr key={d.id}>
                    <td className="py-1 pr-3 whitespace-nowrap">{when(d.createdAt)}</td>
                    <td className="pr-3">{channelName.get(d.channelId) ?? "—"}</td>
                    <td className="pr-3">{d.kind === "test" ? "Test" : d.kind === "digest" ? `Digest of ${d.events}` : d.kind === "replay" ? `Replay of ${d.events}` : `${d.events} alert${d.events === 1 ? "" : "s"}`}</td>
                    <td className={cx("pr-3 font-medium", d.status === "SENT" ? "text-emerald-700" : d.status === "FAILED" ? "text-red-700" : d.status === "UNCONFIRMED" ? "text-amber-700" : "text-slate-600")}>
                      {d.status === "SENT" ? "Sent" : d.status === "FAILED" ? "Failed" : d.status === "UNCONFIRMED" ? "May have arrived" : new Date(d.dueAt) > new Date() ? `Due ${when(d.dueAt)}` : "Sending"}
                    </td>
                    <td className="pr-3">{d.attempts}</td>
                    <td className="pr-3 text-xs">{d.lastStatusCode ?? ""} {d.lastError ?? ""}</td>
                    <td>
                      {d.kind !== "test" && d.status !== "PENDING" && (
                        <Button type="button" variant="ghost" className="px-2 py-1" aria-label={`Replay delivery ${d.id}`} onClick={() => void act("POST", `${api}/deliveries/${d.id}/replay`, "Replay queued.")}>
                          Replay
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
