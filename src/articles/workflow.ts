import { GraphQLError } from "graphql";
import { ErrorCode } from "../common/errors.js";
import type { ArticleStatus } from "./article.types.js";

/**
 * The editorial state machine, in one table: which states each action starts from and where it
 * leads. Who may take an action is decided by the service (writers act on their own drafts only).
 */
export const transitions = {
  submitForReview: { from: ["DRAFT"], to: "IN_REVIEW" },
  requestChanges: { from: ["IN_REVIEW", "SCHEDULED"], to: "DRAFT" },
  schedule: { from: ["DRAFT", "IN_REVIEW", "SCHEDULED"], to: "SCHEDULED" },
  // From PUBLISHED only to put pending edits live: readers keep the old snapshot until then.
  publish: { from: ["DRAFT", "IN_REVIEW", "SCHEDULED", "PUBLISHED"], to: "PUBLISHED" },
  unpublish: { from: ["PUBLISHED", "SCHEDULED"], to: "DRAFT" },
  archive: { from: ["DRAFT", "PUBLISHED"], to: "ARCHIVED" },
} as const satisfies Record<string, { from: readonly ArticleStatus[]; to: ArticleStatus }>;

export type WorkflowAction = keyof typeof transitions;

/** States in which the content may still be edited. */
export const EDITABLE_STATES: readonly ArticleStatus[] = ["DRAFT", "IN_REVIEW", "SCHEDULED", "PUBLISHED"];

/** Whether readers are being served a published snapshot (so edits wait for the next publish). */
export function hasLiveSnapshot(status: ArticleStatus): boolean {
  return status === "PUBLISHED" || status === "ARCHIVED";
}

export function invalidTransition(message: string, details: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.InvalidTransition, ...details } });
}

export function assertTransition(action: WorkflowAction, from: ArticleStatus): ArticleStatus {
  const rule = transitions[action];
  if (!(rule.from as readonly ArticleStatus[]).includes(from)) {
    throw invalidTransition(`Cannot ${action} an article that is ${from}; allowed from ${rule.from.join(", ")}.`, {
      action,
      from,
      allowedFrom: [...rule.from],
    });
  }
  return rule.to;
}
