import { parseArgs } from "node:util";
import { AscSimulator } from "./server";

/** npm run sim -- [--port 4010] [--seed 1] [--apps 3] [--reviews 40] [--budget 3600] */
const { values } = parseArgs({
  options: { port: { type: "string" }, seed: { type: "string" }, apps: { type: "string" }, reviews: { type: "string" }, budget: { type: "string" } },
});
const port = Number(values.port ?? process.env.ASC_SIM_PORT ?? 4010);
const sim = new AscSimulator({
  seed: Number(values.seed ?? 1),
  sizes: { apps: Number(values.apps ?? 3), reviewsPerApp: Number(values.reviews ?? 40) },
  hourlyBudget: Number(values.budget ?? 3600),
});
// A run that pins the product's clock (CLOCK_OFFSET_MS) pins Apple's to the same instant.
sim.clockOffsetMs = Number(process.env.CLOCK_OFFSET_MS ?? 0) || 0;
await sim.listen(port, "127.0.0.1");
process.stdout.write(`App Store Connect simulator on ${sim.url} (control API under /__sim/)\n`);
const stop = () => void sim.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
