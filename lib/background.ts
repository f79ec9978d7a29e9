import { after } from "next/server";
import { log } from "@/lib/log";

const running = new Set<Promise<unknown>>();

/**
 * Work a request starts but does not wait for (bookkeeping writes). Inside a request, the
 * server waits for it before it stops on SIGTERM; `settled` waits for it elsewhere (tests,
 * scripts). A failure is logged, never thrown.
 */
export function inBackground(what: string, work: Promise<unknown>) {
  const p = work.catch((err: unknown) => log.warn({ err }, `${what} failed`)).finally(() => running.delete(p));
  running.add(p);
  try {
    after(p);
  } catch {
    // Outside a request (tests, scripts, the worker): nothing to hand it to.
  }
}

/** Resolves once the background work started so far has finished. */
export async function settled() {
  while (running.size) await Promise.all([...running]);
}

/** A gate that opens once per `ms` for each key, in this process (for bookkeeping writes). */
export function oncePer(ms: number) {
  const last = new Map<string, number>();
  return (key: string) => {
    const at = performance.now();
    const before = last.get(key);
    if (before !== undefined && at - before < ms) return false;
    if (last.size >= 10_000) last.clear();
    last.set(key, at);
    return true;
  };
}
