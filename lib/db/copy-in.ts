import { once } from "node:events";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";

/**
 * Streams a table into Postgres with COPY as it is read: `lineOf` turns each row's cells
 * into one COPY text line (or null to skip the row, such as a header it has just read),
 * and lines go out in 64 KiB writes that wait for Postgres to take them, so memory stays
 * flat however long the table is. A refusal by Postgres ends the read loop; any failure
 * aborts the COPY and is thrown for the caller to roll back. Returns the rows written.
 */
export async function copyIn(client: PoolClient, sql: string, table: AsyncIterable<string[][]>, lineOf: (cells: string[], line: number) => string | null): Promise<number> {
  const copy = client.query(copyFrom(sql));
  const done = once(copy, "finish");
  // Settled below in both outcomes; this only keeps an early failure from counting as unhandled.
  done.catch(() => undefined);
  // A COPY that Postgres refuses must end the read loop rather than leave it waiting for "drain".
  let failed: Error | null = null;
  copy.on("error", (e: Error) => (failed = e));
  let line = 0;
  let rows = 0;
  let buf = "";
  try {
    for await (const batch of table) {
      for (const cells of batch) {
        const out = lineOf(cells, ++line);
        if (out === null) continue;
        buf += out;
        rows++;
      }
      // Batches of lines keep the number of writes (and their overhead) small.
      if (buf.length > 64 * 1024) {
        if (failed) throw failed;
        if (!copy.write(buf)) await once(copy, "drain");
        buf = "";
      }
    }
    if (failed) throw failed;
    if (buf) copy.write(buf);
    copy.end();
    await done;
  } catch (e) {
    // Tells Postgres the COPY failed; its refusal settles `done`, and the caller rolls back.
    copy.destroy(e as Error);
    await done.catch(() => undefined);
    throw e;
  }
  return rows;
}
