import { canSeeUnpublished } from "../common/context.js";
import { rowIdOf } from "../common/node.js";
import { unauthenticated } from "../common/errors.js";
import { publicContentChanged } from "../common/public-content.js";
import { RequestService } from "../common/service.js";
import { recordFact, retractFact } from "./status-fact-writes.js";
import { ShowService } from "./show.service.js";
import type { StatusChange, StatusRetraction } from "./show.types.js";
import type { RecordStatusChangeInput } from "./status-facts.inputs.js";
import { serviceFor } from "../common/service.js";

/** Editors' direct corrections of the status record, each in one transaction with its audit entry and event. */
export class StatusFactService extends RequestService {
  private get actorId(): number {
    // Resolvers are @Authorized already; this keeps the service safe on its own.
    if (!this.context.viewer) throw unauthenticated("Sign in to record status changes.");
    return this.context.viewer.id;
  }

  async record(input: RecordStatusChangeInput): Promise<StatusChange> {
    const actorId = this.actorId;
    const id = await this.prisma.$transaction((tx) =>
      recordFact(
        tx,
        {
          showId: rowIdOf("Show", input.showId, "input.showId"),
          seasonNumber: input.seasonNumber ?? null,
          status: input.status,
          announcedAt: input.announcedAt,
          sourceUrl: input.sourceUrl,
        },
        actorId,
      ),
    );
    publicContentChanged();
    return (await serviceFor(this.context, ShowService).statusChange(id))!;
  }

  async retract(id: number, reason: string): Promise<StatusChange> {
    const actorId = this.actorId;
    await this.prisma.$transaction((tx) => retractFact(tx, id, reason, actorId));
    publicContentChanged();
    return (await serviceFor(this.context, ShowService).statusChange(id))!;
  }

  /** The retraction of a fact, for editors; readers never see retracted facts at all. */
  retractionOf(fact: StatusChange): StatusRetraction | null {
    if (!fact.retractedAt || !canSeeUnpublished(this.context.viewer)) return null;
    return {
      retractedAt: fact.retractedAt,
      retractedById: fact.retractedById,
      reason: fact.retractionReason ?? "",
      automatic: fact.retractedWithArticleId !== null,
      articleId: fact.retractedWithArticleId,
    };
  }
}
