// Runs once when the web server starts. The Node-only check lives in its own module so
// the edge bundle never sees it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { assertEnvOrExit } = await import("./lib/startup");
    assertEnvOrExit("web server");
  }
}
