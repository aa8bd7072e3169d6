import { Args, Ctx, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../common/context.js";
import { serviceFor } from "../common/service.js";
import { SearchService } from "./search.service.js";
import { SearchArgs, SearchConnection } from "./search.types.js";

@Resolver()
export class SearchResolver {
  @Query(() => SearchConnection, {
    description: "Full-text search over shows, people and published articles, most relevant first, with highlighted snippets.",
  })
  search(@Args(() => SearchArgs) args: SearchArgs, @Ctx() context: RequestContext): Promise<SearchConnection> {
    return serviceFor(context, SearchService).search(args);
  }
}
