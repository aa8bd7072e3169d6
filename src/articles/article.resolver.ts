import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from "type-graphql";
import type { Connection } from "../common/connection.js";
import { selectsField } from "../common/selection.js";
import { Author } from "../auth/author.types.js";
import { UserService } from "../auth/user.service.js";
import type { RequestContext } from "../common/context.js";
import { LookupArgs, parseLookup } from "../common/lookup.js";
import { serviceFor } from "../common/service.js";
import { Show, StatusChange, StatusRetraction } from "../shows/show.types.js";
import { ArticleConnectionArgs } from "./article.args.js";
import { ArticleService } from "./article.service.js";
import { Article, ArticleConnection } from "./article.types.js";
import { nodeSelections, prefetched, registerPrefetcher, treeSelects } from "../common/prefetch.js";

@Resolver(() => Article)
export class ArticleResolver {
  @Query(() => Article, {
    nullable: true,
    description: "One article by `id` or `slug` (exactly one); null when unknown or not visible to the reader.",
  })
  article(@Args(() => LookupArgs) args: LookupArgs, @Ctx() context: RequestContext): Promise<Article | null> {
    return serviceFor(context, ArticleService).find(parseLookup(args, "Article"));
  }

  @Query(() => ArticleConnection, { description: "Articles, newest first unless `orderBy` says otherwise. Anonymous readers see published articles only." })
  articles(@Args(() => ArticleConnectionArgs) args: ArticleConnectionArgs, @Ctx() context: RequestContext): Promise<Connection<Article>> {
    return serviceFor(context, ArticleService).list(args);
  }

  @FieldResolver(() => [Show], { description: "The shows the article covers." })
  shows(@Root() article: Article, @Ctx() context: RequestContext): Promise<Show[]> {
    return serviceFor(context, ArticleService).showsOfArticle(article.id);
  }

  @FieldResolver(() => [String], {
    description:
      "For signed-in staff: other articles they can see (archived ones aside) that report on the same show and season. " +
      "Ask for it after createArticle or updateArticle; empty for anonymous readers.",
  })
  renewalWarnings(@Root() article: Article, @Ctx() context: RequestContext): Promise<string[]> {
    return serviceFor(context, ArticleService).renewalWarnings(article);
  }

  @FieldResolver(() => Author, { nullable: true })
  author(@Root() article: Article, @Ctx() context: RequestContext): Promise<Author | null> | null {
    return article.authorId === null ? null : serviceFor(context, UserService).author(article.authorId);
  }
}

/** Article fields on shows and status changes: here so that shows/ never depends on articles/. */
@Resolver(() => Show)
export class ShowArticlesResolver {
  @FieldResolver(() => ArticleConnection, { description: "Articles covering the show, newest first unless `orderBy` says otherwise." })
  articles(
    @Root() show: Show,
    @Args(() => ArticleConnectionArgs) args: ArticleConnectionArgs,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<Article>> | Connection<Article> {
    return prefetched<Connection<Article>>(show, info) ?? serviceFor(context, ArticleService).articlesOfShow(show.id, args, selectsField(info, "totalCount"));
  }
}

@Resolver(() => StatusChange)
export class StatusChangeArticleResolver {
  @FieldResolver(() => Article, { nullable: true, description: "The first article that reported the fact, of those the reader may see." })
  async article(@Root() change: StatusChange, @Ctx() context: RequestContext): Promise<Article | null> {
    return (await this.visibleSources(change, context))[0] ?? null;
  }

  @FieldResolver(() => [Article], { description: "Every article that reported the fact, first report first, of those the reader may see." })
  articles(@Root() change: StatusChange, @Ctx() context: RequestContext): Promise<Article[]> {
    return this.visibleSources(change, context);
  }

  private async visibleSources(change: StatusChange, context: RequestContext): Promise<Article[]> {
    const articles = await Promise.all(change.sourceArticleIds.map((id) => serviceFor(context, ArticleService).findById(id)));
    return articles.filter((article): article is Article => article !== null);
  }
}

@Resolver(() => StatusRetraction)
export class StatusRetractionArticleResolver {
  @FieldResolver(() => Article, { nullable: true, description: "For an automatic retraction: the withdrawn source article, when visible." })
  article(@Root() retraction: StatusRetraction, @Ctx() context: RequestContext): Promise<Article | null> | null {
    return retraction.articleId === null ? null : serviceFor(context, ArticleService).findById(retraction.articleId);
  }
}

registerPrefetcher("Show", "articles", (field, context) =>
  serviceFor(context, ArticleService).prefetchArticlesOfShow(
    field.args as unknown as ArticleConnectionArgs,
    treeSelects(field, "totalCount"),
    nodeSelections(field, "Article"),
  ),
);
