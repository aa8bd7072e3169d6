import { GraphQLError } from "graphql";
import { ErrorCode } from "../common/errors.js";
import type { PrismaClient } from "../db/prisma.js";
import { importMetadata, type MetadataImportSummary } from "./importer.js";
import { MetadataFormatError, type MetadataSource } from "./sources.js";

/** Longest file name kept in the summary, the provenance and the audit log. */
const MAX_FILE_NAME = 200;

/**
 * One metadata file from a client (the importMetadata mutation or POST /imports/metadata): a bad row is the client's
 * mistake, BAD_USER_INPUT naming `field` with its line and column, and nothing is written.
 */
export async function importMetadataFile(
  prisma: PrismaClient,
  text: string,
  options: { fileName: string; actorId: number; field: string; source?: MetadataSource },
): Promise<MetadataImportSummary> {
  try {
    return await importMetadata(prisma, text, { file: options.fileName.slice(0, MAX_FILE_NAME), actorId: options.actorId, source: options.source });
  } catch (error) {
    if (error instanceof MetadataFormatError) {
      throw new GraphQLError(error.message, { extensions: { code: ErrorCode.BadUserInput, field: options.field, line: error.line, column: error.column } });
    }
    throw error;
  }
}
