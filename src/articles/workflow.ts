import { GraphQLError } from "graphql";
import { ErrorCode } from "../common/errors.js";
import type { ArticleStatus } from "./article.types.js";

/**
 * The editorial state machine, in one table: which states each action starts from, where it leads
 * and the mutation that takes it. Who may take an action is decided by the service (writers act on
 * their own drafts only). Deleting is not a state: a deleted draft keeps its status (see deletedAt).
 */
export const transitions = {
  submitForReview: { from: ["DRAFT"], to: "IN_REVIEW", mutation: "submitForReview" },
  // The writer takes their own submission back to keep working on it.
  withdraw: { from: ["IN_REVIEW"], to: "DRAFT", mutation: "withdrawSubmission" },
  requestChanges: { from: ["IN_REVIEW", "SCHEDULED"], to: "DRAFT", mutation: "requestChanges" },
  schedule: { from: ["DRAFT", "IN_REVIEW", "SCHEDULED"], to: "SCHEDULED", mutation: "scheduleArticle" },
  // From PUBLISHED only to put pending edits live: readers keep the old snapshot until then.
  publish: { from: ["DRAFT", "IN_REVIEW", "SCHEDULED", "PUBLISHED"], to: "PUBLISHED", mutation: "publishArticle" },
  unpublish: { from: ["PUBLISHED", "SCHEDULED"], to: "DRAFT", mutation: "unpublishArticle" },
  archive: { from: ["DRAFT", "PUBLISHED"], to: "ARCHIVED", mutation: "archiveArticle" },
  // Back to a draft, never straight to PUBLISHED: going live again is a publishArticle, with every
  // check and record a publish makes.
  unarchive: { from: ["ARCHIVED"], to: "DRAFT", mutation: "unarchiveArticle" },
  delete: { from: ["DRAFT"], to: "DRAFT", mutation: "deleteArticle" },
} as const satisfies Record<string, { from: readonly ArticleStatus[]; to: ArticleStatus; mutation: string }>;

export type WorkflowAction = keyof typeof transitions;

/** States in which the content may still be edited. */
export const EDITABLE_STATES: readonly ArticleStatus[] = ["DRAFT", "IN_REVIEW", "SCHEDULED", "PUBLISHED"];

/** Whether readers are being served a published snapshot (so edits wait for the next publish). */
export function hasLiveSnapshot(status: ArticleStatus): boolean {
  return status === "PUBLISHED" || status === "ARCHIVED";
}

/** The mutations the workflow allows on an article in `status`, so a refusal can say what would work. */
export function allowedMutationsFrom(status: ArticleStatus): string[] {
  return Object.values(transitions)
    .filter((rule) => (rule.from as readonly ArticleStatus[]).includes(status))
    .map((rule) => rule.mutation);
}

/** INVALID_TRANSITION, always naming the state the article is in and what may be done from it. */
export function invalidTransition(
  message: string,
  details: { action: string; from: ArticleStatus } & Record<string, unknown>,
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.InvalidTransition, allowedMutations: allowedMutationsFrom(details.from), ...details },
  });
}

export function assertTransition(action: WorkflowAction, from: ArticleStatus): ArticleStatus {
  const rule = transitions[action];
  if (!(rule.from as readonly ArticleStatus[]).includes(from)) {
    const allowed = allowedMutationsFrom(from);
    throw invalidTransition(
      `Cannot ${action} an article that is ${from}; ${rule.mutation} is allowed from ${rule.from.join(", ")}. ` +
        `From ${from}: ${allowed.length ? allowed.join(", ") : "nothing"}.`,
      { action, from, allowedFrom: [...rule.from] },
    );
  }
  return rule.to;
}
