import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export function createLogger(config: Pick<Config, "logLevel">): Logger {
  // The pid tells apart the lines of WORKERS sharing one output. Written asynchronously: a request's log line
  // costs the event loop a buffer append instead of a write(2) (lines written while one write is in flight go
  // out together); pino flushes what is left synchronously when the process exits.
  return pino({ level: config.logLevel, base: { service: "greenlight", pid: process.pid } }, pino.destination({ dest: 1, sync: false }));
}
