import { orgRoute } from "@/lib/http/route";
import { removeMember, updateMember } from "@/lib/members/mutations";
import { ZUpdateMember } from "@/lib/members/schemas";

export const PATCH = orgRoute("members.manage", { body: ZUpdateMember }, async ({ ctx, body, params }) => ({
  member: await updateMember(ctx, params.memberId, body),
}));

export const DELETE = orgRoute("members.manage", {}, async ({ ctx, params }) => {
  await removeMember(ctx, params.memberId);
});
