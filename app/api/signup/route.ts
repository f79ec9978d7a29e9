import { ZSignUp } from "@/lib/auth/schemas";
import { signUp } from "@/lib/auth/sign-up";
import { publicRoute } from "@/lib/http/route";

/**
 * 201 with the same body whether the address was new or already had an account (then
 * nothing is created); the client signs in next, which only the account's password can do.
 */
export const POST = publicRoute({ body: ZSignUp }, async ({ ctx, body }) => {
  await signUp(body, ctx.client);
  return { account: { email: body.email, name: body.name } };
});
