import type { Logger } from "pino";
import { isDatabaseBusy } from "./errors.js";

export interface Poller {
  /** Runs the work now (also what each tick does); resolves with what the work reported. */
  runOnce(): Promise<number>;
  /** Stops ticking and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `work` every `intervalMs`, never two runs at once, logging failures and trying again on
 * the next tick: the loop behind the background jobs (scheduled publishing, webhook delivery).
 * `work` receives `isStopped` so a long run can end early during shutdown.
 */
export function startPoller(options: {
  name: string;
  intervalMs: number;
  logger: Logger;
  work: (isStopped: () => boolean) => Promise<number>;
  runImmediately?: boolean;
}): Poller {
  let stopped = false;
  let running: Promise<number> | null = null;
  const isStopped = () => stopped;

  function tick(): void {
    if (running || stopped) return;
    running = options
      .work(isStopped)
      .catch((error: unknown) => {
        // A connection held by other work (an embedded import) is a reason to wait, not a failure.
        if (isDatabaseBusy(error)) options.logger.info({ job: options.name }, "Database busy; the job runs again on the next tick");
        else options.logger.error({ err: error, job: options.name }, "Background job failed; will retry");
        return 0;
      })
      .finally(() => {
        running = null;
      });
  }

  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  if (options.runImmediately) tick();

  return {
    runOnce: () => options.work(isStopped),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

export interface RecurringCheck {
  /** Runs the check now, or joins the run in progress: a slow check never piles up. */
  runNow(): Promise<void>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `check` once (awaited, so the first reading exists when this resolves), then again `intervalMs`
 * after each run ends, one at a time: the loop of the health checks (database and replicas), whose
 * readings must be fresh but must not queue behind an unanswering server. `check` handles its own errors.
 */
export async function startRecurringCheck(check: () => Promise<void>, intervalMs: number): Promise<RecurringCheck> {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const runNow = () => {
    running ??= check().finally(() => {
      running = null;
    });
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      await runNow();
      schedule();
    }, intervalMs);
    timer.unref();
  };
  await runNow();
  schedule();
  return {
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
