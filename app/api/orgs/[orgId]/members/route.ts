import { orgRoute } from "@/lib/http/route";
import { listMembers } from "@/lib/members/queries";

export const GET = orgRoute("members.read", {}, async ({ ctx }) => ({ members: await listMembers(ctx) }));
