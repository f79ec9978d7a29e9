/**
 * Where to send a user after sign-in: only a path on this site, anything else goes home.
 * Backslashes and control characters are rejected because browsers read "/\evil.example"
 * and "/<tab>/evil.example" as links to another host.
 */
export function safeReturnPath(url: string | undefined, appUrl: string): string {
  if (!url || !url.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(url)) return "/";
  const base = new URL(appUrl);
  const target = new URL(url, base);
  return target.origin === base.origin ? `${target.pathname}${target.search}${target.hash}` : "/";
}
