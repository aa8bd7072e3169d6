import { AsyncLocalStorage } from "node:async_hooks";

/** SQL statements issued on behalf of one request (counted through Prisma's query events). */
export interface StatementTally {
  count: number;
}

const current = new AsyncLocalStorage<StatementTally>();

/** Runs `work` with a fresh tally that every Prisma query made inside it adds to. */
export function countStatements<T>(work: () => T): { tally: StatementTally; result: T } {
  const tally = { count: 0 };
  return { tally, result: current.run(tally, work) };
}

/** The tally of the request in progress, if any. */
export function currentTally(): StatementTally | undefined {
  return current.getStore();
}

/** Prisma query-event listener: attributes each statement to the request that caused it. */
export function tallyStatement(): void {
  const tally = current.getStore();
  if (tally) tally.count += 1;
}
