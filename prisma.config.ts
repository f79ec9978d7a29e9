import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import { pgPoolConfig } from "./lib/db/pool-config";

// The JS engine with the pg adapter needs no engine binary, so the CLI works offline
// and the image carries no Rust engines.
export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is required to run Prisma commands");
    return new PrismaPg(pgPoolConfig(url));
  },
});
