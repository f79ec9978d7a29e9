import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError, conflict, invalid, isUniqueViolation } from "@/lib/errors";
import type { ClientInfo } from "@/lib/http/client-info";
import { acceptInvitationTx } from "@/lib/invitations/mutations";
import { createOrgTx } from "@/lib/orgs/mutations";
import { hashPassword } from "./password";
import type { TSignUp } from "./schemas";

/**
 * Creates a user and, in the same transaction, either their first organisation or the
 * membership an invitation offers. With SIGNUP_ENABLED=false only the invitation path is open.
 */
export async function signUp(input: TSignUp, client?: ClientInfo, options: { allowWithoutInvitation?: boolean } = {}) {
  if (!input.invitationToken && !env.SIGNUP_ENABLED && !options.allowWithoutInvitation) {
    throw new AppError("signup_disabled", "Sign-up is turned off on this server. Ask an administrator for an invitation.");
  }
  if (!input.invitationToken && !input.organizationName) {
    throw invalid("organizationName", "Enter an organisation name.");
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash },
        select: { id: true, email: true, name: true },
      });
      const org = input.invitationToken
        ? (await acceptInvitationTx(tx, input.invitationToken, user, client)).organization
        : await createOrgTx(tx, input.organizationName!, user, client);
      return { user, organization: { slug: org.slug, name: org.name } };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict("An account with this email already exists. Sign in instead.", "email");
    // Invitation problems name this request's field, not the accept route's.
    if (e instanceof AppError && e.field === "token") throw new AppError(e.code, e.publicMessage, { field: "invitationToken" });
    throw e;
  }
}
