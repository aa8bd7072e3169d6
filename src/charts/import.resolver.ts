import { Arg, Authorized, Ctx, Field, Int, Mutation, ObjectType, Resolver, registerEnumType } from "type-graphql";
import type { RequestContext } from "../common/context.js";
import { badUserInput } from "../common/errors.js";
import type { ImportSummary } from "./import/importer.js";
import { importTop10File } from "./import/import-file.js";

/**
 * Largest file the importTop10 mutation accepts: it must fit, JSON-escaped, in /graphql's small body
 * limit (MAX_BODY_BYTES). Real files (the global one is about 0.9 MB, the country one 8 MB) go to
 * the streaming upload, POST /imports/top10.
 */
export const MAX_MUTATION_IMPORT_BYTES = 128 * 1024;

/** The layouts of Netflix's Top 10 files; the values are the importer's own names. */
export enum ImportFormat {
  GLOBAL = "global",
  COUNTRY = "country",
  MOST_POPULAR = "most-popular",
}
registerEnumType(ImportFormat, {
  name: "ImportFormat",
  description: "Which Top 10 file an import read.",
  valuesConfig: {
    GLOBAL: { description: "The global lists (all-weeks-global.tsv)." },
    COUNTRY: { description: "The national lists (all-weeks-countries.tsv)." },
    MOST_POPULAR: { description: "The all-time Most Popular list (most-popular.tsv), which replaces the one held." },
  },
});

// Named explicitly: the class name is taken by the importer's own ImportSummary.
@ObjectType("ImportSummary", { description: "What a Top 10 import did." })
export class ImportSummaryType implements Omit<ImportSummary, "format"> {
  @Field(() => String)
  file: string;

  @Field(() => ImportFormat)
  format: ImportSummary["format"];

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
      `Imports a small Netflix Top 10 TSV file (global or per-country) given as text, at most ${MAX_MUTATION_IMPORT_BYTES / 1024} KB; ` +
      "whole files go to the streaming upload, POST /imports/top10. " +
      "All or nothing: a malformed row is a BAD_USER_INPUT error naming its line and column, and nothing is written. " +
      "A file older than the data held only adds the rows that data lacks, unless `allowOlder` is true.",
  })
  async importTop10(
    @Arg("tsv", () => String, { description: "The file's text, tab-separated as Netflix publishes it." }) tsv: string,
    @Arg("fileName", () => String, { defaultValue: "upload.tsv", description: "The file's name, kept in the import's record." }) fileName: string,
    @Arg("allowOlder", () => Boolean, {
      defaultValue: false,
      description: "Let a file whose newest week is older than the data held overwrite the figures of rows already held.",
    })
    allowOlder: boolean,
    @Ctx() context: RequestContext,
  ): Promise<ImportSummary> {
    if (Buffer.byteLength(tsv) > MAX_MUTATION_IMPORT_BYTES) {
      throw badUserInput(
        `The file is larger than ${MAX_MUTATION_IMPORT_BYTES / 1024} KB: upload it to POST /imports/top10 instead.`,
        "tsv",
      );
    }
    return importTop10File(context.prisma, tsv, { fileName, actorId: context.viewer!.id, field: "tsv", allowOlder });
  }
}
