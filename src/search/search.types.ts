import { IsOptional, Length, Max, MaxLength, Min } from "class-validator";
import { ArgsType, Field, Float, Int, ObjectType, createUnionType, registerEnumType } from "type-graphql";
import { Article } from "../articles/article.types.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageInfo } from "../common/connection.js";
import { Person } from "../people/person.types.js";
import { Show } from "../shows/show.types.js";

export enum SearchType {
  SHOW = "SHOW",
  PERSON = "PERSON",
  ARTICLE = "ARTICLE",
}
registerEnumType(SearchType, { name: "SearchType", description: "What `search` looks through." });

export const SearchResult = createUnionType({
  name: "SearchResult",
  description: "A show, a person or a published article.",
  types: () => [Show, Person, Article] as const,
  resolveType: (value) => ("premiereDate" in value ? Show : "body" in value ? Article : Person),
});

@ObjectType({ description: "One search hit." })
export class SearchEdge {
  @Field(() => String, { description: "Opaque; pass it as `after` or `before`." })
  cursor: string;

  @Field(() => SearchResult, { description: "The hit: a Show, Person or Article, each a Node." })
  node: Show | Person | Article;

  @Field(() => SearchType)
  type: SearchType;

  @Field(() => Float, { description: "Relevance (PostgreSQL ts_rank); higher first." })
  rank: number;

  @Field(() => String, {
    description: "Where the words matched, HTML-escaped, with the matches in <mark></mark>; fragments joined by \" … \".",
  })
  highlight: string;
}

@ObjectType({ description: "Search hits, most relevant first." })
export class SearchConnection {
  @Field(() => [SearchEdge])
  edges: SearchEdge[];

  @Field(() => [SearchResult], { description: "The edges' nodes, for clients that need no cursors." })
  nodes: (Show | Person | Article)[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int, { description: "Hits across all pages." })
  totalCount: number;
}

@ArgsType()
export class SearchArgs {
  @Field(() => String, {
    description: 'Words to find, in web-search syntax: "quoted phrases", `or`, and -excluded words. Stemmed: "renewed" finds "renewal".',
  })
  @Length(1, 200)
  query: string;

  @Field(() => [SearchType], { nullable: true, description: "What to search; everything when absent." })
  types?: SearchType[];

  @Field(() => Int, { nullable: true, description: `Hits to return: 0 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when absent.` })
  @IsOptional()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: "A cursor from an earlier page of the same search: the page starts after it." })
  @IsOptional()
  @MaxLength(500)
  after?: string;

  @Field(() => Int, { nullable: true, description: `Hits from the end (or before \`before\`): 0 to ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  last?: number;

  @Field(() => String, { nullable: true, description: "A cursor from a page of the same search: the page ends before it." })
  @IsOptional()
  @MaxLength(500)
  before?: string;
}
