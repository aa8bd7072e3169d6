import { GraphQLError } from "graphql";
import { Arg, Authorized, Ctx, Field, Int, Mutation, ObjectType, Resolver } from "type-graphql";
import type { RequestContext } from "../common/context.js";
import { badUserInput, ErrorCode } from "../common/errors.js";
import { importTop10, type ImportSummary } from "./import/importer.js";
import { Top10FormatError } from "./import/parse.js";

/** Largest file the importTop10 mutation accepts (the global file is about 1 MB, the country file 7 MB). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

@ObjectType({ description: "What a Top 10 import did." })
export class ImportSummaryType implements Omit<ImportSummary, "format"> {
  @Field(() => String)
  file: string;

  @Field(() => String, { description: '"global" or "country".' })
  format: "global" | "country";

  @Field(() => Int)
  rowsRead: number;

  @Field(() => Int)
  created: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int)
  unchanged: number;

  @Field(() => Int)
  showsCreated: number;

  @Field(() => Int)
  seasonsCreated: number;

  @Field(() => Int, { description: "Shows the import left with no chart rows and nothing else (a renamed title's old show), removed." })
  showsRemoved: number;

  @Field(() => Boolean, { description: "The file's newest week is older than the newest week already held for its lists." })
  olderThanHeld: boolean;

  @Field(() => [String], { description: "What an editor should know, e.g. that an older file only filled missing rows." })
  warnings: string[];
}

@Resolver()
export class ImportResolver {
  @Authorized("ADMIN")
  @Mutation(() => ImportSummaryType, {
    description:
      `Imports a Netflix Top 10 TSV file (global or per-country) given as text, at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB. ` +
      "All or nothing: a malformed row is a BAD_USER_INPUT error naming its line and column, and nothing is written. " +
      "A file older than the data held only adds the rows that data lacks, unless `allowOlder` is true.",
  })
  async importTop10(
    @Arg("tsv", () => String) tsv: string,
    @Arg("fileName", () => String, { defaultValue: "upload.tsv" }) fileName: string,
    @Arg("allowOlder", () => Boolean, {
      defaultValue: false,
      description: "Let a file whose newest week is older than the data held overwrite the figures of rows already held.",
    })
    allowOlder: boolean,
    @Ctx() context: RequestContext,
  ): Promise<ImportSummary> {
    if (Buffer.byteLength(tsv) > MAX_IMPORT_BYTES) {
      throw badUserInput(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`, "tsv");
    }
    try {
      return await importTop10(context.prisma, tsv, { file: fileName.slice(0, 200), actorId: context.viewer!.id, allowOlder });
    } catch (error) {
      if (error instanceof Top10FormatError) {
        throw new GraphQLError(error.message, {
          extensions: { code: ErrorCode.BadUserInput, field: "tsv", line: error.line, column: error.column },
        });
      }
      throw error;
    }
  }
}
