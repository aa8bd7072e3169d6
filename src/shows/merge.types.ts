import { Field, ID, Int, ObjectType } from "type-graphql";
import { Show } from "./show.types.js";

@ObjectType({ description: "How many records of each kind a merge moved to the target (duplicates the target already had are dropped)." })
export class MergeCounts {
  @Field(() => Int, { description: "Seasons moved whole (the target had no season of their number)." })
  seasonsMoved: number;
  @Field(() => Int, { description: "Seasons folded into the target's season of the same number." })
  seasonsMerged: number;
  @Field(() => Int)
  chartEntries: number;
  @Field(() => Int, { description: "Credits moved; one the target already had (same person, role and character) is dropped." })
  credits: number;
  @Field(() => Int)
  productionCompanies: number;
  @Field(() => Int)
  ratings: number;
  @Field(() => Int, { description: "Articles now covering the target instead (drafts included; readers still see only what is published)." })
  articles: number;
  @Field(() => Int)
  statusFacts: number;
  @Field(() => Int, { description: "Slugs now redirecting to the target: the source's own and its former ones." })
  slugAliases: number;
  @Field(() => [String], { description: "Fields the target lacked, filled from the source." })
  filledFields: string[];
}

@ObjectType({ description: "What `mergeShows` did: the merged show, what moved, and the id that reverses it." })
export class MergeShowsPayload {
  @Field(() => ID, { description: "Name it to `unmergeShows` to reverse the merge." })
  mergeId: string;
  @Field(() => Show)
  target: Show;
  @Field(() => MergeCounts)
  moved: MergeCounts;
}

@ObjectType({ description: "What `unmergeShows` did: both shows as they now are." })
export class UnmergeShowsPayload {
  @Field(() => Show, { description: "The source again, as it was before the merge (its version bumped)." })
  source: Show;
  @Field(() => Show)
  target: Show;
  @Field(() => [String], {
    description: "Fields the merge filled on the target that an editor has changed since: they keep the editor's value.",
  })
  keptFields: string[];
}

@ObjectType({ description: "What `splitShow` did: the show split, the new show, and how much moved." })
export class SplitShowPayload {
  @Field(() => Show, { description: "The show split, without the rows that moved." })
  show: Show;
  @Field(() => Show)
  newShow: Show;
  @Field(() => Int)
  chartEntriesMoved: number;
  @Field(() => Int, { description: "Seasons moved whole: every chart row of theirs had a season title given." })
  seasonsMoved: number;
  @Field(() => Int, { description: "Seasons made on the new show for rows whose season also keeps rows on the old one." })
  seasonsCreated: number;
}
