import { GraphQLError } from "graphql";
import { ErrorCode } from "../../common/errors.js";
import type { PrismaClient } from "../../db/prisma.js";
import { importTop10, type ImportSummary } from "./importer.js";
import { Top10FormatError } from "./parse.js";

/** Longest file name kept in the summary and the audit log. */
const MAX_FILE_NAME = 200;

/**
 * One Top 10 file from a client (the importTop10 mutation or POST /imports/top10): a bad row is the
 * client's mistake, BAD_USER_INPUT naming `field` with its line and column, and nothing is written.
 */
export async function importTop10File(
  prisma: PrismaClient,
  text: string,
  options: { fileName: string; actorId: number; field: string; allowOlder?: boolean },
): Promise<ImportSummary> {
  try {
    return await importTop10(prisma, text, { file: options.fileName.slice(0, MAX_FILE_NAME), actorId: options.actorId, allowOlder: options.allowOlder });
  } catch (error) {
    if (error instanceof Top10FormatError) {
      throw new GraphQLError(error.message, {
        extensions: { code: ErrorCode.BadUserInput, field: options.field, line: error.line, column: error.column },
      });
    }
    throw error;
  }
}
