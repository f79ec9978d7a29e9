/** Parses `X-Rate-Limit: user-hour-lim:3500;user-hour-rem:500;`. */
export function parseRateLimit(header: string | null): { limit: number; remaining: number } | null {
  if (!header) return null;
  const lim = /user-hour-lim:(\d+)/.exec(header)?.[1];
  const rem = /user-hour-rem:(\d+)/.exec(header)?.[1];
  return lim && rem ? { limit: Number(lim), remaining: Number(rem) } : null;
}
