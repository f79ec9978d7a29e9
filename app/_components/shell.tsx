"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { ROLE_LABELS } from "@/lib/tenancy/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { cx } from "./ui";

type Org = { id: string; name: string; slug: string };

export function Shell({
  org,
  orgs,
  user,
  role,
  show,
  children,
}: {
  org: Org;
  orgs: (Org & { role: Role })[];
  user: { name: string; email: string };
  role: Role;
  show: { audit: boolean; members: boolean; sales: boolean; analytics: boolean; connections: boolean; apps: boolean; reviews: boolean; alerts: boolean; changeSets: boolean; reports: boolean };
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const base = `/o/${org.slug}`;
  const nav = [
    { href: base, label: "Overview", exact: true },
    ...(show.connections ? [{ href: `${base}/connections`, label: "Connections" }] : []),
    ...(show.apps ? [{ href: `${base}/apps`, label: "Apps" }] : []),
    ...(show.changeSets ? [{ href: `${base}/change-sets`, label: "Approvals" }] : []),
    ...(show.reviews ? [{ href: `${base}/reviews`, label: "Reviews" }] : []),
    ...(show.sales ? [{ href: `${base}/sales`, label: "Sales" }] : []),
    ...(show.analytics ? [{ href: `${base}/analytics`, label: "Analytics" }] : []),
    ...(show.reports ? [{ href: `${base}/reports`, label: "Client reports" }] : []),
    ...(show.alerts ? [{ href: `${base}/alerts`, label: "Alerts" }] : []),
    ...(show.audit ? [{ href: `${base}/audit`, label: "Audit log" }] : []),
    { href: `${base}/settings`, label: "Settings" },
  ];
  const active = (href: string, exact?: boolean) => (exact ? pathname === href : pathname === href || pathname.startsWith(href + "/"));

  const sidebar = (variant: string) => (
    <nav aria-label={variant === "mobile" ? "Main (menu)" : "Main"} className="flex h-full flex-col gap-6 p-4">
      <div>
        <label htmlFor={`org-switcher-${variant}`} className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">
          Organisation
        </label>
        <select
          id={`org-switcher-${variant}`}
          value={org.slug}
          onChange={(e) => router.push(e.target.value === "__new" ? "/orgs/new" : `/o/${e.target.value}`)}
          className="block w-full rounded-md border-0 bg-white py-2 pl-3 pr-8 text-sm font-medium shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500"
        >
          {orgs.map((o) => (
            <option key={o.id} value={o.slug}>
              {o.name}
            </option>
          ))}
          <option value="__new">+ New organisation…</option>
        </select>
        <p className="mt-1 text-xs text-slate-500">Your role: {ROLE_LABELS[role]}</p>
      </div>
      <ul className="space-y-1">
        {nav.map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={() => setOpen(false)}
              aria-current={active(item.href, item.exact) ? "page" : undefined}
              className={cx(
                "block rounded-md px-3 py-2 text-sm font-medium",
                active(item.href, item.exact) ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100",
              )}
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
      <div className="mt-auto border-t border-slate-200 pt-4 text-sm">
        <p className="truncate font-medium text-slate-900">{user.name}</p>
        <p className="truncate text-slate-500">{user.email}</p>
        <div className="mt-2 flex gap-3">
          <Link href="/account" className="text-brand-700 hover:underline">
            Account
          </Link>
          <button type="button" className="text-slate-600 hover:underline" onClick={() => signOut({ callbackUrl: "/sign-in" })}>
            Sign out
          </button>
        </div>
      </div>
    </nav>
  );

  return (
    <div className="min-h-screen lg:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 lg:hidden">
        <span className="font-semibold">{org.name}</span>
        <button
          type="button"
          aria-expanded={open}
          aria-controls="mobile-nav"
          onClick={() => setOpen((v) => !v)}
          className="rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300"
        >
          {open ? "Close menu" : "Menu"}
        </button>
      </header>
      {open && (
        <div id="mobile-nav" className="border-b border-slate-200 bg-white lg:hidden">
          {sidebar("mobile")}
        </div>
      )}
      <aside className="hidden w-64 shrink-0 border-r border-slate-200 bg-white lg:block">
        <div className="sticky top-0 h-screen">{sidebar("desktop")}</div>
      </aside>
      <main id="main" className="min-w-0 flex-1 px-4 py-8 sm:px-8">
        {/* Pages with a wide grid (the metadata editor) mark it data-wide and get the full width. */}
        <div className="mx-auto max-w-5xl has-[[data-wide]]:max-w-none">{children}</div>
      </main>
    </div>
  );
}
