import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError, invalid, isUniqueViolation } from "@/lib/errors";
import type { ClientInfo } from "@/lib/http/client-info";
import { acceptInvitationTx } from "@/lib/invitations/mutations";
import { createOrgTx } from "@/lib/orgs/mutations";
import { hashPassword } from "./password";
import type { TSignUp } from "./schemas";
import { reserveSignUp } from "./throttle";

/** Thrown inside the transaction to undo a rehearsal; never leaves this module. */
class Rehearsal extends Error {}

/**
 * Creates a user and, in the same transaction, either their first organisation or the
 * membership an invitation offers. With SIGNUP_ENABLED=false only the invitation path is open.
 *
 * An address that already has an account gets the same answer as a new one, so sign-up
 * cannot be used to learn who has an account: the same work is done (hash, transaction,
 * invitation checks, so the same errors and about the same time) under a placeholder
 * address and rolled back, and nothing is created. Returns null then; the caller answers
 * as for a success, and only the account's own password signs anyone in afterwards.
 * Throttled per client (lib/auth/throttle.ts) when `client` is given.
 */
export async function signUp(input: TSignUp, client?: ClientInfo, options: { allowWithoutInvitation?: boolean } = {}) {
  if (!input.invitationToken && !env.SIGNUP_ENABLED && !options.allowWithoutInvitation) {
    throw new AppError("signup_disabled", "Sign-up is turned off on this server. Ask an administrator for an invitation.");
  }
  if (!input.invitationToken && !input.organizationName) {
    throw invalid("organizationName", "Enter an organisation name.");
  }
  if (client) await reserveSignUp(client.ip);
  const passwordHash = await hashPassword(input.password);
  const taken = (await db.user.count({ where: { email: input.email } })) > 0;
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: taken ? `rehearsal-${randomUUID()}@signup.invalid` : input.email, name: input.name, passwordHash },
        select: { id: true, email: true, name: true },
      });
      const org = input.invitationToken
        ? (await acceptInvitationTx(tx, input.invitationToken, user, client)).organization
        : await createOrgTx(tx, input.organizationName!, user, client);
      if (taken) throw new Rehearsal();
      return { user, organization: { slug: org.slug, name: org.name } };
    });
  } catch (e) {
    // A taken address, or one taken by a concurrent sign-up: nothing was created.
    if (e instanceof Rehearsal || isUniqueViolation(e)) return null;
    // Invitation problems name this request's field, not the accept route's.
    if (e instanceof AppError && e.field === "token") throw new AppError(e.code, e.publicMessage, { field: "invitationToken" });
    throw e;
  }
}
