import { Arg, Args, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { rowIdOf } from "../common/node.js";
import type { RequestContext } from "../common/context.js";
import { serviceFor } from "../common/service.js";
import { CreateSeasonInput, CreateShowInput, RecordRatingInput, UpdateSeasonInput, UpdateShowInput, VersionedIdArgs } from "./curation.inputs.js";
import { ShowCurationService } from "./curation.service.js";
import { Rating, Season, Show } from "./show.types.js";

/** Editors and admins curate the show graph; writers read it (they propose changes in articles). */
@Resolver()
export class ShowCurationResolver {
  @Authorized("EDITOR")
  @Mutation(() => Show, { description: "Creates a show (editors). Audited; a `show.updated` event." })
  createShow(@Arg("input", () => CreateShowInput, { description: "The fields to write (see CreateShowInput)." }) input: CreateShowInput, @Ctx() context: RequestContext): Promise<Show> {
    return serviceFor(context, ShowCurationService).createShow(input);
  }

  @Authorized("EDITOR")
  @Mutation(() => Show, {
    description: "Edits a show's curated fields at `baseVersion` (editors); a former slug keeps resolving. Audited; a `show.updated` event.",
  })
  updateShow(@Arg("input", () => UpdateShowInput, { description: "The fields to write (see UpdateShowInput)." }) input: UpdateShowInput, @Ctx() context: RequestContext): Promise<Show> {
    return serviceFor(context, ShowCurationService).updateShow(input);
  }

  @Authorized("EDITOR")
  @Mutation(() => Boolean, {
    description: "Deletes a show with nothing attached (editors): refused while it has chart rows, articles or status facts.",
  })
  deleteShow(@Args(() => VersionedIdArgs) args: VersionedIdArgs, @Ctx() context: RequestContext): Promise<boolean> {
    return serviceFor(context, ShowCurationService).deleteShow(rowIdOf("Show", args.id, "id"), args.baseVersion);
  }

  @Authorized("EDITOR")
  @Mutation(() => Season, { description: "Adds a season to a show at the show's `baseVersion` (editors)." })
  createSeason(@Arg("input", () => CreateSeasonInput, { description: "The fields to write (see CreateSeasonInput)." }) input: CreateSeasonInput, @Ctx() context: RequestContext): Promise<Season> {
    return serviceFor(context, ShowCurationService).createSeason(input);
  }

  @Authorized("EDITOR")
  @Mutation(() => Season, { description: "Edits a season at its show's `baseVersion` (editors)." })
  updateSeason(@Arg("input", () => UpdateSeasonInput, { description: "The fields to write (see UpdateSeasonInput)." }) input: UpdateSeasonInput, @Ctx() context: RequestContext): Promise<Season> {
    return serviceFor(context, ShowCurationService).updateSeason(input);
  }

  @Authorized("EDITOR")
  @Mutation(() => Boolean, { description: "Deletes a season (`id`) at its show's `baseVersion` (editors); refused while it has chart rows." })
  deleteSeason(@Args(() => VersionedIdArgs) args: VersionedIdArgs, @Ctx() context: RequestContext): Promise<boolean> {
    return serviceFor(context, ShowCurationService).deleteSeason(rowIdOf("Season", args.id, "id"), args.baseVersion);
  }

  @Authorized("EDITOR")
  @Mutation(() => Rating, { description: "Records a rating reading for a show or one of its seasons, at the show's `baseVersion` (editors)." })
  recordRating(@Arg("input", () => RecordRatingInput, { description: "The fields to write (see RecordRatingInput)." }) input: RecordRatingInput, @Ctx() context: RequestContext): Promise<Rating> {
    return serviceFor(context, ShowCurationService).recordRating(input);
  }
}
