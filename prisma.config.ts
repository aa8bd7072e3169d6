// Prisma CLI configuration: the JavaScript schema engine over the pg driver adapter,
// so migrations need no engine binary download.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) {
      throw new Error("DATABASE_URL must be set for Prisma commands (npm scripts set it for you).");
    }
    // allowExitOnIdle: an idle pool must not keep a finished CLI command alive.
    return new PrismaPg({ connectionString, allowExitOnIdle: true });
  },
});
