import { recordAudit } from "../common/audit.js";
import { globalId } from "../common/node.js";
import { findPage, idKey, type Connection, type ConnectionArgs, type Ordering } from "../common/connection.js";
import { canSeeUnpublished } from "../common/context.js";
import { conflict, notFound, unauthenticated } from "../common/errors.js";
import { RequestService } from "../common/service.js";
import type { Prisma } from "../db/prisma.js";
import type { ArticleAlert, StaleClaim } from "./alert.types.js";

type AlertRow = Prisma.ArticleAlertGetPayload<object>;

export const toAlert = (row: AlertRow): ArticleAlert => ({ ...row, claims: row.claims as unknown as StaleClaim[] });

/** Newest change first: the queue an editor works through. */
const newestFirst: Ordering<ArticleAlert> = {
  name: "-raisedAt",
  keys: [{ field: "raisedAt", direction: "desc", kind: "date", of: (alert) => alert.raisedAt }, idKey("desc")],
};

/** Stale-article alerts as editors read and dismiss them (raised and cleared by stale-alerts.ts). */
export class AlertService extends RequestService {
  needingUpdate(args: ConnectionArgs): Promise<Connection<ArticleAlert>> {
    return findPage(
      args,
      newestFirst,
      { clearedAt: null } satisfies Prisma.ArticleAlertWhereInput,
      async (query) => (await this.prisma.articleAlert.findMany(query as Prisma.ArticleAlertFindManyArgs)).map(toAlert),
      (where) => this.prisma.articleAlert.count({ where }),
    );
  }

  /** The open alert of an article, for editors; null for everyone else. */
  openAlertOf(articleId: number): Promise<ArticleAlert | null> | null {
    if (!canSeeUnpublished(this.context.viewer)) return null;
    return this.context.scope
      .loader<number, ArticleAlert | null>("articles.openAlert", async (ids) => {
        const rows = await this.prisma.articleAlert.findMany({ where: { articleId: { in: [...ids] }, clearedAt: null } });
        const byArticle = new Map(rows.map((row) => [row.articleId, toAlert(row)]));
        return ids.map((id) => byArticle.get(id) ?? null);
      })
      .load(articleId);
  }

  async dismiss(id: number, reason: string): Promise<ArticleAlert> {
    const viewer = this.context.viewer;
    if (!viewer) throw unauthenticated("Sign in to dismiss alerts.");
    return this.prisma.$transaction(async (tx) => {
      const [alert] = await tx.$queryRaw<AlertRow[]>`SELECT * FROM "ArticleAlert" WHERE id = ${id} FOR UPDATE`;
      if (!alert) throw notFound(`No article alert with id ${globalId("ArticleAlert", id)}.`, "id");
      if (alert.clearedAt) throw conflict(`Alert ${id} was already cleared (${alert.clearedBecause}) at ${alert.clearedAt.toISOString()}.`, { field: "id" });
      const dismissed = await tx.articleAlert.update({
        where: { id },
        data: { clearedAt: new Date(), clearedById: viewer.id, clearedBecause: "DISMISSED", dismissReason: reason },
      });
      await recordAudit(tx, { actorId: viewer.id, action: "article.alert_dismissed", entityType: "Article", entityId: alert.articleId, details: { alertId: globalId("ArticleAlert", id), reason } });
      return toAlert(dismissed);
    });
  }
}
