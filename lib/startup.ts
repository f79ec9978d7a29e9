import { EnvError, loadEnv, type TEnv } from "@/lib/env";

/** Parses the environment or ends the process with a message naming every bad variable. */
export function assertEnvOrExit(processName: string): TEnv {
  try {
    return loadEnv();
  } catch (e) {
    const detail = e instanceof EnvError ? e.message : `Could not read the environment: ${(e as Error).message}`;
    process.stderr.write(`${processName} cannot start. ${detail}\nSee .env.example for every variable.\n`);
    process.exit(1);
  }
}
