import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { z } from "zod";
import { withCappedBody } from "@/lib/http/capped-body";
import { defineOperation, type Method } from "@/lib/http/operation";
import { mount } from "@/lib/http/serve";
import { changePassword } from "./change-password";
import { sessionCookieFor } from "./current-user";
import { authOptions } from "./next-auth";
import { ZChangePassword, ZSignUp } from "./schemas";
import { signUp } from "./sign-up";

/** next-auth's own endpoints (sign-in, session, sign-out), under their own CSRF token. */
const nextAuth = (method: Method) =>
  defineOperation({
    id: `auth.nextauth.${method.toLowerCase()}`,
    method,
    path: "/api/auth/[...nextauth]", access: "public",
    summary: "next-auth's sign-in, session and sign-out endpoints",
    crossOrigin: "next-auth checks its own CSRF token on every form post",
    foreignAnswers: "next-auth's",
    ok: { status: 200, description: "next-auth's answer" },
    handler: async ({ req, route }) => {
      // A sign-in form is a few hundred bytes; next-auth would otherwise read any body whole.
      // Built per request so configuration is read at run time, not at build time.
      const capped = await withCappedBody(req, 16 * 1024);
      return NextAuth(authOptions())(capped, route);
    },
  });

export const authOperations = [
  nextAuth("GET"),
  nextAuth("POST"),
  defineOperation({
    id: "auth.signUp", method: "POST", path: "/api/signup", access: "public", summary: "Create an account",
    description: "201 with the same body whether the address was new or already had an account (then nothing is created); the client signs in next, which only the account's password can do.",
    body: ZSignUp,
    ok: { status: 201, description: "Received", schema: z.object({ account: z.object({ email: z.string(), name: z.string() }) }) },
    handler: async ({ ctx, body }) => {
      await signUp(body, ctx.client);
      return { account: { email: body.email, name: body.name } };
    },
  }),
  defineOperation({
    id: "account.password", method: "POST", path: "/api/account/password", access: "user", summary: "Change the password: every session of the user ends, then this browser gets a fresh one",
    body: ZChangePassword,
    ok: { status: 200, description: "Changed", schema: z.object({ ok: z.literal(true) }) },
    handler: async ({ ctx, body }) => {
      const secret = await changePassword(ctx.user, body, ctx.client);
      const cookie = await sessionCookieFor(ctx.user, secret);
      const res = NextResponse.json({ ok: true });
      res.cookies.set(cookie.name, cookie.value, cookie.options);
      return res;
    },
  }),
];

export const routes = mount(authOperations);
