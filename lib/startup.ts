import { EnvError, loadEnv, type TEnv } from "@/lib/env";

/** Parses the environment or ends the process with a message naming every bad variable. */
export function assertEnvOrExit(processName: string): TEnv {
  try {
    return loadEnv();
  } catch (e) {
    if (e instanceof EnvError) {
      process.stderr.write(`${processName} cannot start. ${e.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw e;
  }
}
