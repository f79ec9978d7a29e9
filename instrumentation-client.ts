import { z } from "zod";

// Runs in the browser before the app's modules. zod would otherwise probe for eval
// (new Function) while building schemas; the pages' Content-Security-Policy forbids eval,
// so the probe fails harmlessly but is reported as a policy violation on every page.
z.config({ jitless: true });
