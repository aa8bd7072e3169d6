import { Arg, Authorized, Ctx, FieldResolver, ID, Resolver, Root, Subscription } from "type-graphql";
import { Author } from "../auth/author.types.js";
import { UserService } from "../auth/user.service.js";
import { EDITING_STARTED, EDITING_STOPPED } from "./presence.js";
import { rowIdOf } from "../common/node.js";
import { ArticleService } from "../articles/article.service.js";
import type { Article } from "../articles/article.types.js";
import type { CommittedChange } from "../common/audit.js";
import { canSeeUnpublished, type RequestContext } from "../common/context.js";
import { badUserInput, notFound } from "../common/errors.js";
import { RequestScope } from "../common/request-scope.js";
import { serviceFor } from "../common/service.js";
import { ShowService } from "../shows/show.service.js";
import { ArticleChange, ReviewQueueChange, ShowStatusChange, SUBSCRIBED } from "./live.types.js";

/**
 * The one place each subscription's id argument is decoded: type-graphql does not validate the
 * arguments of a `subscribe` function, hence the check here.
 */
function parseId(value: unknown, argument: string, typeName: string): number {
  if (typeof value !== "string") throw badUserInput(`\`${argument}\` must be an id read from the API.`, argument);
  return rowIdOf(typeName, value, argument);
}

/** Workflow verbs that move an article into or out of IN_REVIEW (scheduling or publishing a draft that was never submitted also counts: `inReview` says where it is now). */
const QUEUE_ACTIONS = new Set(["article.submitted", "article.withdrawn", "article.changes_requested", "article.scheduled", "article.published", "article.deleted"]);

/**
 * Follows the bus for one subscription: `first` reads the first message (and refuses a subscriber
 * who may not have it), `deliver` turns each committed change into this subscriber's message
 * (re-reading with their permissions) or null to send nothing. Listening starts before `first` reads,
 * so no change between that read and the first event is lost. Each change is read in a fresh
 * request scope, so no loader answers from an earlier event. Ending the subscription (complete,
 * socket closed) aborts the wait at once rather than at the next event.
 */
async function follow<T>(
  context: RequestContext,
  first: () => Promise<T>,
  deliver: (change: CommittedChange, context: RequestContext) => Promise<T | null>,
  /** Runs once the first message is ready, and returns what to run when the subscription ends. */
  onStart?: () => () => void,
): Promise<AsyncIterableIterator<T>> {
  const bus = context.live;
  if (!bus) throw new Error("Subscriptions run over WebSocket only");
  const abort = new AbortController();
  const changes = bus.changes(abort.signal);
  let initial: T;
  try {
    initial = await first();
  } catch (error) {
    abort.abort();
    throw error;
  }
  const onEnd = onStart?.();
  if (onEnd) abort.signal.addEventListener("abort", onEnd, { once: true });
  const messages = (async function* () {
    yield initial;
    for await (const change of changes) {
      context.scope = new RequestScope();
      const message = await deliver(change, context);
      if (message !== null) yield message;
    }
  })();
  const iterator: AsyncIterableIterator<T> = {
    next: () => messages.next(),
    return: (value?: unknown) => {
      abort.abort();
      return messages.return(value as never);
    },
    throw: (error?: unknown) => {
      abort.abort();
      return messages.throw(error);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** The article if this viewer may follow it: editors and admins any, writers their own (drafts or not). */
async function followableArticle(context: RequestContext, id: number): Promise<Article | null> {
  const article = await serviceFor(context, ArticleService).findById(id);
  if (!article) return null;
  return canSeeUnpublished(context.viewer) || article.authorId === context.viewer?.id ? article : null;
}

@Resolver()
export class LiveResolver {
  @Authorized("WRITER")
  @Subscription(() => ArticleChange, {
    description:
      "Saves and workflow transitions of one article (editors and admins: any article; writers: their own), and who opens or " +
      'closes it for editing. The first message is the article as it is ("subscribed"). Over WebSocket (graphql-ws) only.',
    subscribe: ({ args, context }) => {
      const id = parseId(args.id, "id", "Article");
      const ctx = context as RequestContext;
      const message = (action: string, article: Article, actorId: number | null): ArticleChange => ({
        action,
        article,
        actorId,
        editorIds: ctx.live?.presence.editorsOf(id) ?? [],
      });
      const first = async () => {
        const article = await followableArticle(ctx, id);
        if (!article) throw notFound("No article with this id that you may follow.", "id");
        return message(SUBSCRIBED, article, null);
      };
      // Someone following with `editing: true` has the article open: every follower hears when they start and stop.
      const announceEditing = args.editing === true
        ? () => {
            const announce = (action: string) => ctx.live?.announce({ action, entityType: "Article", entityId: id, actorId: ctx.viewer!.id });
            announce(EDITING_STARTED);
            return () => announce(EDITING_STOPPED);
          }
        : undefined;
      return follow<ArticleChange>(
        ctx,
        first,
        async (change, fresh) => {
          if (change.entityType !== "Article" || change.entityId !== id) return null;
          // Re-read for this subscriber: an article they may no longer see (deleted) sends nothing.
          const now = await followableArticle(fresh, id);
          return now ? message(change.action, now, change.actorId) : null;
        },
        announceEditing,
      );
    },
  })
  articleChanged(
    @Arg("id", () => ID, { description: "The article to follow." }) _id: string,
    @Arg("editing", () => Boolean, { defaultValue: false, description: "Whether the subscriber has the article open for editing: the other followers are told." }) _editing: boolean,
    @Root() change: ArticleChange,
  ): ArticleChange {
    return change;
  }


  @Authorized("EDITOR")
  @Subscription(() => ReviewQueueChange, {
    description: 'Articles entering or leaving the review queue (editors and admins). The first message ("subscribed") carries no article. Over WebSocket only.',
    subscribe: ({ context }) =>
      follow<ReviewQueueChange>(context as RequestContext, async () => ({ action: SUBSCRIBED, article: null, inReview: null }), async (change, fresh) => {
        if (change.entityType !== "Article" || !QUEUE_ACTIONS.has(change.action)) return null;
        const article = await serviceFor(fresh, ArticleService).findById(change.entityId);
        if (!article && change.action !== "article.deleted") return null;
        return { action: change.action, article, inReview: article?.status === "IN_REVIEW" };
      }),
  })
  reviewQueueChanged(@Root() change: ReviewQueueChange): ReviewQueueChange {
    return change;
  }

  @Subscription(() => ShowStatusChange, {
    description:
      'A show\'s renewal status facts being recorded, retracted or restored (public: anyone may subscribe). The first message is the show as it is ("subscribed"). Over WebSocket only.',
    subscribe: ({ args, context }) => {
      const showId = parseId(args.showId, "showId", "Show");
      const ctx = context as RequestContext;
      const first = async () => {
        const show = await serviceFor(ctx, ShowService).findById(showId);
        if (!show) throw notFound("No show with this id.", "showId");
        return { action: SUBSCRIBED, show };
      };
      return follow<ShowStatusChange>(ctx, first, async (change, fresh) => {
        if (change.entityType !== "Show" || change.entityId !== showId || !change.action.startsWith("status_fact.")) return null;
        const now = await serviceFor(fresh, ShowService).findById(showId);
        return now ? { action: change.action, show: now } : null;
      });
    },
  })
  showStatusChanged(@Arg("showId", () => ID, { description: "The show to follow." }) _showId: string, @Root() change: ShowStatusChange): ShowStatusChange {
    return change;
  }
}

@Resolver(() => ArticleChange)
export class ArticleChangeResolver {
  @FieldResolver(() => Author, { nullable: true, description: "Who made the change (who opened or closed it, for the editing verbs); null for the first message and for the scheduler's." })
  by(@Root() change: ArticleChange, @Ctx() context: RequestContext): Promise<Author | null> | null {
    return change.actorId === null ? null : serviceFor(context, UserService).author(change.actorId);
  }

  @FieldResolver(() => [Author], { description: "Who has the article open for editing now (`articleChanged(editing: true)`), in the order they opened it." })
  async editing(@Root() change: ArticleChange, @Ctx() context: RequestContext): Promise<Author[]> {
    const authors = await Promise.all(change.editorIds.map((userId) => serviceFor(context, UserService).author(userId)));
    return authors.filter((author): author is Author => author !== null);
  }
}
