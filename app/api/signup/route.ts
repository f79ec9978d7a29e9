import { ZSignUp } from "@/lib/auth/schemas";
import { signUp } from "@/lib/auth/sign-up";
import { publicRoute } from "@/lib/http/route";

export const POST = publicRoute({ body: ZSignUp }, async ({ ctx, body }) => {
  const { user, organization } = await signUp(body, ctx.client);
  return { user: { id: user.id, email: user.email, name: user.name }, organization };
});
