import { NextResponse } from "next/server";
import { changePassword } from "@/lib/auth/change-password";
import { sessionCookieFor } from "@/lib/auth/current-user";
import { ZChangePassword } from "@/lib/auth/schemas";
import { userRoute } from "@/lib/http/route";

/** Ends every session of the user, then gives this browser a fresh one. */
export const POST = userRoute({ body: ZChangePassword }, async ({ ctx, body }) => {
  const secret = await changePassword(ctx.user, body, ctx.client);
  const cookie = await sessionCookieFor(ctx.user, secret);
  const res = NextResponse.json({ ok: true });
  res.cookies.set(cookie.name, cookie.value, cookie.options);
  return res;
});
