import type { Metadata } from "next";
import Link from "next/link";
import { listTemplates } from "@/lib/reviews/templates";
import { requireOrgPage } from "@/lib/tenancy/page";
import { can } from "@/lib/tenancy/permissions";
import { PageHeader } from "@/app/_components/ui";
import { TemplateManager } from "./template-manager";

export const metadata: Metadata = { title: "Reply templates" };

/** Reply templates of the organisation: everyone reads them, those who may reply manage them. */
export default async function ReviewTemplatesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await requireOrgPage(slug, "reviews.read");
  const { templates, variables } = await listTemplates(ctx);
  return (
    <>
      <PageHeader
        title="Reply templates"
        description="Replies your team starts from. Variables in braces are filled in for each review before you edit and send."
        actions={
          <Link href={`/o/${slug}/reviews`} className="text-sm font-medium text-brand-700 hover:underline">
            Back to reviews
          </Link>
        }
      />
      <TemplateManager orgId={ctx.orgId} initial={templates} variables={variables} canManage={can(ctx.membership.role, "reviews.reply")} />
    </>
  );
}
