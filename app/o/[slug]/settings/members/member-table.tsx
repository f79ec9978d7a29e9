"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Role } from "@/lib/generated/prisma/enums";
import { ALL_ROLES, can, canAssignRole, ROLE_LABELS } from "@/lib/tenancy/permissions";
import { callApi } from "@/app/_components/api";
import { Button, FormError } from "@/app/_components/ui";

type Member = { id: string; role: Role; repliesNeedApproval: boolean; isYou: boolean; joinedAt: string; user: { name: string; email: string } };

/** Only members who reply and cannot approve replies are ever held for approval. */
const mayBeHeld = (role: Role) => can(role, "reviews.reply") && !can(role, "replies.approve");

export function MemberTable({ orgId, members, actorRole, canManage, replyApproval }: { orgId: string; members: Member[]; actorRole: Role; canManage: boolean; replyApproval: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string>();

  async function run(id: string, method: "PATCH" | "DELETE", body?: unknown) {
    setBusy(id);
    setError(undefined);
    const res = await callApi(method, `/api/orgs/${orgId}/members/${id}`, body);
    setBusy(undefined);
    if (!res.ok) return setError(res.error.message);
    router.refresh();
  }

  return (
    <div className="space-y-3">
      <FormError message={error} />
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">Member</th>
              <th scope="col" className="py-2 pr-4 font-medium">Role</th>
              <th scope="col" className="py-2 pr-4 font-medium" title={replyApproval ? undefined : "Reply approval is off in the organisation's settings"}>
                Replies{!replyApproval && <span className="font-normal normal-case"> (approval off)</span>}
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">Joined</th>
              {canManage && <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.map((m) => {
              const editable = canManage && canAssignRole(actorRole, m.role, m.role) && (!m.isYou || actorRole === "OWNER");
              return (
                <tr key={m.id} data-testid={`member-${m.user.email}`}>
                  <td className="py-3 pr-4">
                    <div className="font-medium text-slate-900">
                      {m.user.name} {m.isYou && <span className="text-xs font-normal text-slate-500">(you)</span>}
                    </div>
                    <div className="text-slate-500">{m.user.email}</div>
                  </td>
                  <td className="py-3 pr-4">
                    {editable ? (
                      <>
                        <label htmlFor={`role-${m.id}`} className="sr-only">Role of {m.user.email}</label>
                        <select
                          id={`role-${m.id}`}
                          value={m.role}
                          disabled={busy === m.id}
                          onChange={(e) => run(m.id, "PATCH", { role: e.target.value })}
                          className="rounded-md border-0 py-1.5 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500"
                        >
                          {ALL_ROLES.filter((r) => canAssignRole(actorRole, m.role, r)).map((r) => (
                            <option key={r} value={r}>{ROLE_LABELS[r]}</option>
                          ))}
                        </select>
                      </>
                    ) : (
                      ROLE_LABELS[m.role]
                    )}
                  </td>
                  <td className="py-3 pr-4 text-slate-600">
                    {!mayBeHeld(m.role) ? (
                      <span className="text-slate-400">{can(m.role, "replies.approve") ? "Approves" : "—"}</span>
                    ) : editable ? (
                      <label className="flex items-center gap-2">
                        <input
                          type="checkbox"
                          checked={m.repliesNeedApproval}
                          disabled={busy === m.id}
                          onChange={(e) => void run(m.id, "PATCH", { repliesNeedApproval: e.target.checked })}
                          className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
                        />
                        Need approval<span className="sr-only"> for {m.user.email}</span>
                      </label>
                    ) : m.repliesNeedApproval ? (
                      "Need approval"
                    ) : (
                      "Sent directly"
                    )}
                  </td>
                  <td className="py-3 pr-4 text-slate-600">{new Date(m.joinedAt).toLocaleDateString()}</td>
                  {canManage && (
                    <td className="py-3 text-right">
                      {(editable || m.isYou) && (
                        <Button
                          variant="ghost"
                          disabled={busy === m.id}
                          onClick={() => {
                            if (window.confirm(m.isYou ? "Leave this organisation?" : `Remove ${m.user.email} from this organisation?`)) void run(m.id, "DELETE");
                          }}
                        >
                          {m.isYou ? "Leave" : "Remove"}
                        </Button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
