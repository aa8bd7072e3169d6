import { Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { rowIdOf } from "../common/node.js";
import { Author } from "../auth/author.types.js";
import { UserService } from "../auth/user.service.js";
import { ConnectionArgs, type Connection } from "../common/connection.js";
import type { RequestContext } from "../common/context.js";
import { restrictedField, restrictedQuery } from "../common/restricted.js";
import { serviceFor } from "../common/service.js";
import { ShowService } from "../shows/show.service.js";
import { StatusChange } from "../shows/show.types.js";
import { ArticleAlert, ArticleAlertConnection, DismissAlertArgs } from "./alert.types.js";
import { AlertService } from "./alert.service.js";
import { ArticleService } from "./article.service.js";
import { Article } from "./article.types.js";
// Registers the stale-article check with every change to a show's facts (shows/status-fact-writes.ts).
import "./stale-alerts.js";

@Resolver(() => ArticleAlert)
export class ArticleAlertResolver {
  @Authorized("EDITOR")
  @Query(
    () => ArticleAlertConnection,
    restrictedQuery("Published articles flagged as needing an update, the newest change first, each with the claims it contradicts.", "editors and admins"),
  )
  articlesNeedingUpdate(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<Connection<ArticleAlert>> {
    return serviceFor(context, AlertService).needingUpdate(args);
  }

  @Authorized("EDITOR")
  @Mutation(() => ArticleAlert, { description: "Clears an alert without an update, with the editor's reason (audited)." })
  dismissArticleAlert(@Args(() => DismissAlertArgs) args: DismissAlertArgs, @Ctx() context: RequestContext): Promise<ArticleAlert> {
    return serviceFor(context, AlertService).dismiss(rowIdOf("ArticleAlert", args.id, "id"), args.reason);
  }

  @FieldResolver(() => Article)
  async article(@Root() alert: ArticleAlert, @Ctx() context: RequestContext): Promise<Article> {
    return (await serviceFor(context, ArticleService).findById(alert.articleId))!;
  }

  @FieldResolver(() => StatusChange, { nullable: true, description: "The status change that made the article stale, when one did." })
  statusChange(@Root() alert: ArticleAlert, @Ctx() context: RequestContext): Promise<StatusChange | null> | null {
    return alert.statusChangeId === null ? null : serviceFor(context, ShowService).statusChange(alert.statusChangeId);
  }

  @FieldResolver(() => Author, { nullable: true })
  clearedBy(@Root() alert: ArticleAlert, @Ctx() context: RequestContext): Promise<Author | null> | null {
    return alert.clearedById === null ? null : serviceFor(context, UserService).author(alert.clearedById);
  }
}

@Resolver(() => Article)
export class ArticleAlertFieldResolver {
  @FieldResolver(() => ArticleAlert, restrictedField("The open needs-update alert.", "editors and admins"))
  needsUpdate(@Root() article: Article, @Ctx() context: RequestContext): Promise<ArticleAlert | null> | null {
    return serviceFor(context, AlertService).openAlertOf(article.id);
  }
}
