import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

const globalForMail = globalThis as unknown as { __ascdashMail?: Transporter };

/** The SMTP transport, or null when SMTP_URL is not configured (mail is optional). */
export function mailTransport(): Transporter | null {
  if (!env.SMTP_URL) return null;
  globalForMail.__ascdashMail ??= nodemailer.createTransport(env.SMTP_URL, { from: env.SMTP_FROM ?? "ASC Dashboard <no-reply@localhost>" });
  return globalForMail.__ascdashMail;
}
