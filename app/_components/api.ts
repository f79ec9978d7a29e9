"use client";

export type ApiError = { code: string; message: string; field?: string; fields?: Record<string, string> };

/** Sends JSON to one of our routes and returns the parsed body or the route's error document. */
export async function callApi<T>(method: string, url: string, body?: unknown): Promise<{ ok: true; data: T } | { ok: false; error: ApiError }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    return { ok: false, error: { code: "network", message: "Could not reach the server. Check your connection and try again." } };
  }
  if (res.status === 204) return { ok: true, data: undefined as T };
  const json = await res.json().catch(() => null);
  if (res.ok) return { ok: true, data: json as T };
  return { ok: false, error: (json?.error as ApiError) ?? { code: "http", message: `The server answered ${res.status}.` } };
}
