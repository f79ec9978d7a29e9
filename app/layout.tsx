import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "ASC Dashboard", template: "%s · ASC Dashboard" },
  description: "Self-hosted App Store Connect operations for teams and agencies.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
