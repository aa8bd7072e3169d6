import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { GraphQLError } from "graphql";
import type { Logger } from "pino";
import type { RequestSettings, Viewer } from "../common/context.js";
import { ErrorCode, isDatabaseUnavailable } from "../common/errors.js";
import type { PrismaClient } from "../db/prisma.js";
import { FILE_NAME, requireAdmin, sendError } from "../charts/import.upload.js";
import { importMetadataFile } from "./import-file.js";
import { METADATA_SOURCES, type MetadataSource } from "./sources.js";

export const METADATA_UPLOAD_PATH = "/imports/metadata";

/**
 * POST /imports/metadata?source=tmdb|wikipedia|kaggle[&fileName=tmdb_data.csv] with the CSV file as the raw body:
 * the importMetadata mutation's import for files of any real size, answered with the summary and the whole match
 * report as JSON. The admin token is checked from the headers before the body is read (requireAdmin).
 */
export function mountMetadataUpload(
  app: Express,
  options: {
    prisma: PrismaClient;
    settings: RequestSettings;
    maxBytes: number;
    logger: Logger;
    rateLimit: RequestHandler | null;
    /** Called after a successful import, with the uploader (read-your-writes: their next reads go to the primary). */
    onWrite?: (userId: number) => Promise<void>;
  },
): void {
  const { prisma, settings, maxBytes, logger } = options;
  const body = express.raw({ type: () => true, limit: maxBytes });
  app.post(
    METADATA_UPLOAD_PATH,
    ...(options.rateLimit ? [options.rateLimit] : []),
    requireAdmin(prisma, settings, "metadata files"),
    body,
    async (request: Request, response: Response, next: NextFunction) => {
      const viewer = response.locals.viewer as Viewer;
      const fileName = typeof request.query.fileName === "string" ? request.query.fileName : "upload.csv";
      if (!FILE_NAME.test(fileName)) {
        return sendError(response, 400, ErrorCode.BadUserInput, "fileName must be 1-200 characters without slashes or control characters.", { field: "fileName" });
      }
      const sourceParam = typeof request.query.source === "string" ? request.query.source.toUpperCase() : undefined;
      if (sourceParam !== undefined && !METADATA_SOURCES.includes(sourceParam as MetadataSource)) {
        return sendError(response, 400, ErrorCode.BadUserInput, "source must be tmdb, wikipedia or kaggle.", { field: "source" });
      }
      const bytes: Buffer = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        return sendError(response, 400, ErrorCode.BadUserInput, "The file is not UTF-8 text.", { field: "body" });
      }
      try {
        const summary = await importMetadataFile(prisma, text, { fileName, actorId: viewer.id, field: "body", source: sourceParam as MetadataSource | undefined });
        logger.info({ requestId: response.locals.requestId, userId: viewer.id, file: summary.file, rowsRead: summary.rowsRead, changes: summary.changes }, "metadata upload imported");
        await options.onWrite?.(viewer.id);
        response.json({ ...summary, reportCount: summary.report.length });
      } catch (error) {
        if (error instanceof GraphQLError && error.extensions.code === ErrorCode.BadUserInput) {
          return sendError(response, 400, ErrorCode.BadUserInput, error.message, error.extensions as Record<string, unknown>);
        }
        if (isDatabaseUnavailable(error)) {
          response.setHeader("retry-after", "5");
          return sendError(response, 503, ErrorCode.ServiceUnavailable, "The database is unavailable right now; try again in a few seconds.");
        }
        next(error);
      }
    },
  );
}
