import { ArgsType, Args, Ctx, Field, ID, Query, Resolver } from "type-graphql";
import { ArrayMaxSize, MaxLength } from "class-validator";
import { MAX_PAGE_SIZE } from "./connection.js";
import type { RequestContext } from "./context.js";
import { loadNodes, Node } from "./node.js";

@ArgsType()
class NodeArgs {
  @Field(() => ID, { description: "A global id read from the API." })
  @MaxLength(200)
  id: string;
}

@ArgsType()
class NodesArgs {
  @Field(() => [ID], { description: `Global ids read from the API, at most ${MAX_PAGE_SIZE}.` })
  @ArrayMaxSize(MAX_PAGE_SIZE)
  @MaxLength(200, { each: true })
  ids: string[];
}

/** Relay's refetch entry points: any object by its global id, with the same visibility as every other path. */
@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "The object with this id; null when there is none or the viewer may not see it." })
  async node(@Args(() => NodeArgs) { id }: NodeArgs, @Ctx() context: RequestContext): Promise<object | null> {
    return (await loadNodes([id], context, "id"))[0] ?? null;
  }

  @Query(() => [Node], {
    nullable: "items",
    description: "The objects with these ids (at most 100), in order; null for each that does not exist or the viewer may not see. Read in one statement per type.",
  })
  nodes(@Args(() => NodesArgs) { ids }: NodesArgs, @Ctx() context: RequestContext): Promise<(object | null)[]> {
    return loadNodes(ids, context, "ids");
  }
}
