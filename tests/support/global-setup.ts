import type { TestProject } from "vitest/node";
import { startServerOnFreshDatabase } from "./server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** GraphQL URL of the shared, seeded, read-only server. */
    sharedServerUrl: string;
  }
}

/** One seeded server for the read-only tests; suites that write start their own. */
export default async function setup(project: TestProject) {
  const server = await startServerOnFreshDatabase();
  project.provide("sharedServerUrl", server.url);
  return async () => {
    await server.close();
  };
}
