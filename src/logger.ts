import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export function createLogger(config: Pick<Config, "logLevel">): Logger {
  // The pid tells apart the lines of WORKERS sharing one output.
  return pino({ level: config.logLevel, base: { service: "greenlight", pid: process.pid } });
}
