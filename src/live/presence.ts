import type { CommittedChange } from "../common/audit.js";

/** The verbs a subscription announces when someone opens and closes an article for editing. */
export const EDITING_STARTED = "article.editing_started";
export const EDITING_STOPPED = "article.editing_stopped";

/**
 * Who has which article open for editing: each `articleChanged(id, editing: true)` subscription
 * announces itself on the live bus when it starts and when it ends (the socket closing included), and
 * every instance keeps this set from those announcements, its own and the others'. Counted per user,
 * so one editor with the article open in two tabs is one editor until both close. An instance knows
 * only of announcements made since it started: a subscription open on another instance before then
 * shows up at its next announcement. In memory on purpose: presence lasts as long as the sockets do.
 */
export class EditingPresence {
  private readonly open = new Map<number, Map<number, number>>();

  /** Follows one change from the bus; anything but an editing announcement is ignored. */
  apply(change: CommittedChange): void {
    if (change.entityType !== "Article" || change.actorId == null) return;
    if (change.action !== EDITING_STARTED && change.action !== EDITING_STOPPED) return;
    const editors = this.open.get(change.entityId) ?? new Map<number, number>();
    const count = (editors.get(change.actorId) ?? 0) + (change.action === EDITING_STARTED ? 1 : -1);
    if (count > 0) editors.set(change.actorId, count);
    else editors.delete(change.actorId);
    if (editors.size > 0) this.open.set(change.entityId, editors);
    else this.open.delete(change.entityId);
  }

  /** The users editing an article now, in the order they opened it. */
  editorsOf(articleId: number): number[] {
    return [...(this.open.get(articleId)?.keys() ?? [])];
  }
}
