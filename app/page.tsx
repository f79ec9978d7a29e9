import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/current-user";
import { listUserOrgs } from "@/lib/tenancy/context";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const orgs = await listUserOrgs(user.id);
  redirect(orgs.length ? `/o/${orgs[0].slug}` : "/orgs/new");
}
