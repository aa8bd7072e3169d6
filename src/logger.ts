import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export function createLogger(config: Pick<Config, "logLevel">): Logger {
  // Asynchronous writes: a busy server logs a line per request, and a synchronous write to the pipe per line
  // showed in the profile (issue #17). Lines written while a write is in flight are joined into the next one
  // (minLength 0: nothing waits for a buffer to fill, so a line reaches the output as soon as the previous
  // write is done). pino flushes such a destination synchronously when the process exits (process.exit
  // included), so the shutdown and a crash's last lines are not lost.
  const destination = pino.destination({ dest: 1, sync: false });
  // The pid tells apart the lines of WORKERS sharing one output.
  return pino({ level: config.logLevel, base: { service: "greenlight", pid: process.pid } }, destination);
}
