import { Max, Min } from "class-validator";
import { ArgsType, Field, Int } from "type-graphql";

export const MAX_PAGE_SIZE = 100;

/** Offset paging for lists; `first` above the maximum is an error, never a silent cap. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `How many items to return (1 to ${MAX_PAGE_SIZE}).` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 20;

  @Field(() => Int, { defaultValue: 0, description: "How many items to skip." })
  @Min(0)
  skip: number = 0;
}

/** Applies `first`/`skip` to a list already loaded in full (per-parent nested lists). */
export function slicePage<T>(items: readonly T[], page: { first: number; skip: number }): T[] {
  return items.slice(page.skip, page.skip + page.first);
}
