import { Arg, Authorized, Ctx, Int, Mutation, Resolver } from "type-graphql";
import { MAX_MUTATION_IMPORT_BYTES } from "../charts/import.resolver.js";
import type { RequestContext } from "../common/context.js";
import { badUserInput } from "../common/errors.js";
import { importMetadataFile } from "./import-file.js";
import { MetadataImportSummaryType, MetadataSourceEnum } from "./metadata.types.js";

const MAX_REPORT = 500;

@Resolver()
export class MetadataImportResolver {
  @Authorized("ADMIN")
  @Mutation(() => MetadataImportSummaryType, {
    description:
      `Imports a small metadata CSV file (TMDB, Wikipedia or Kaggle; the header says which) given as text, at most ${MAX_MUTATION_IMPORT_BYTES / 1024} KB; ` +
      "whole files go to the streaming upload, POST /imports/metadata. All or nothing: a malformed row is a BAD_USER_INPUT error " +
      "naming its line and column, and nothing is written. Fields an editor set are never overwritten: they are reported as conflicts.",
  })
  async importMetadata(
    @Arg("csv", () => String, { description: "The file's text (up to 128 KB; larger files go to POST /imports/metadata)." }) csv: string,
    @Arg("fileName", () => String, { defaultValue: "upload.csv", description: "The name errors and provenance give the file." }) fileName: string,
    @Arg("source", () => MetadataSourceEnum, { nullable: true, description: "The file's source, when its header should not decide." }) source: MetadataSourceEnum | null,
    @Arg("reportLimit", () => Int, { defaultValue: 100, description: `How many match report entries to return (at most ${MAX_REPORT}); reportCount has them all.` }) reportLimit: number,
    @Ctx() context: RequestContext,
  ): Promise<MetadataImportSummaryType> {
    if (Buffer.byteLength(csv) > MAX_MUTATION_IMPORT_BYTES) {
      throw badUserInput(`The file is larger than ${MAX_MUTATION_IMPORT_BYTES / 1024} KB: upload it to POST /imports/metadata instead.`, "csv");
    }
    if (reportLimit < 0 || reportLimit > MAX_REPORT) throw badUserInput(`reportLimit must be between 0 and ${MAX_REPORT}.`, "reportLimit");
    const summary = await importMetadataFile(context.prisma, csv, { fileName, actorId: context.viewer!.id, field: "csv", source: source ?? undefined });
    return { ...summary, reportCount: summary.report.length, report: summary.report.slice(0, reportLimit) };
  }
}
