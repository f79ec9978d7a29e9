import { getDb } from "@/lib/db/client";
import { assertEnvOrExit } from "@/lib/startup";
import { setLogService } from "@/lib/log";
import { rewrapAll } from "@/lib/vault/store";

/** npm run vault:rewrap: moves every stored data key to VAULT_ACTIVE_KEK. Safe to re-run and to interrupt. */
async function main() {
  const env = assertEnvOrExit("vault:rewrap");
  setLogService("vault-rewrap");
  const batch = Number(process.argv.find((a) => a.startsWith("--batch="))?.split("=")[1] ?? 100);
  process.stdout.write(`re-wrapping data keys under "${env.VAULT_ACTIVE_KEK}" in batches of ${batch}\n`);
  const { moved, remaining, failed } = await rewrapAll({ batchSize: batch, onBatch: (n) => process.stdout.write(`  ${n} re-wrapped\n`) });
  process.stdout.write(`done: ${moved} re-wrapped, ${remaining} not under the active key\n`);
  if (failed.length) process.stderr.write(`could not open the data keys of these connections and alert channels: ${failed.join(", ")}\n`);
  if (remaining > 0) process.exitCode = 1;
}

main()
  .catch((e) => {
    process.stderr.write(`vault:rewrap failed: ${(e as Error).message}\n`);
    process.exitCode = 1;
  })
  .finally(() => getDb().$disconnect());
