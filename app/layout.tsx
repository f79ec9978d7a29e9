import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "ASC Dashboard", template: "%s · ASC Dashboard" },
  description: "Self-hosted App Store Connect operations for teams and agencies.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so its scripts carry that response's CSP nonce (proxy.ts);
  // a page prerendered at build time would carry none and its scripts would be refused.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
