import { z } from "zod";

export const ZEmail = z
  .string({ message: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, "Email address is too long.")
  .pipe(z.email({ message: "Enter a valid email address, like name@example.com." }));

/** Length is what matters; common passwords are refused outright. */
export const ZNewPassword = z
  .string({ message: "Choose a password." })
  .min(10, "Use at least 10 characters.")
  .max(200, "Use at most 200 characters.")
  .refine((p) => !WEAK.has(p.toLowerCase()), "This password is too common; choose another.")
  .refine((p) => new Set(p).size >= 4, "This password is too repetitive; choose another.");

const WEAK = new Set([
  "password123", "password1234", "1234567890", "12345678910", "qwertyuiop", "iloveyou123",
  "passw0rd123", "administrator", "letmein1234", "welcome1234", "abcdefghij", "0123456789",
]);

export const ZPersonName = z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters.");

export const ZOrgName = z
  .string({ message: "Enter an organisation name." })
  .trim()
  .min(1, "Enter an organisation name.")
  .max(80, "Use at most 80 characters.");

export const ZSignUp = z.object({
  name: ZPersonName,
  email: ZEmail,
  password: ZNewPassword,
  /** Required unless joining through an invitation. */
  organizationName: ZOrgName.optional(),
  invitationToken: z.string().min(1).max(200).optional(),
});
export type TSignUp = z.infer<typeof ZSignUp>;

export const ZSignIn = z.object({
  email: ZEmail,
  password: z.string().min(1, "Enter your password.").max(200),
});

export const ZChangePassword = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(200),
  newPassword: ZNewPassword,
});
