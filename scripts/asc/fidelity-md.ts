import { writeFileSync } from "node:fs";
import { FIDELITY, renderFidelity } from "../../tests/asc-sim/fidelity";

/** Writes tests/asc-sim/FIDELITY.md from the catalogue (npm run asc:fidelity). */
writeFileSync("tests/asc-sim/FIDELITY.md", renderFidelity());
process.stdout.write(`wrote tests/asc-sim/FIDELITY.md: ${FIDELITY.length} behaviours\n`);
