import type { Express } from "express";
import { mountAdminUpload, UploadParameterError, type UploadOptions } from "../charts/import.upload.js";
import { importMetadataFile } from "./import-file.js";
import { METADATA_SOURCES, type MetadataSource } from "./sources.js";

export const METADATA_UPLOAD_PATH = "/imports/metadata";

/**
 * POST /imports/metadata?source=tmdb|wikipedia|kaggle[&fileName=tmdb_data.csv] with the CSV file as the raw body:
 * the importMetadata mutation's import for files of any real size, answered with the summary and the whole match
 * report as JSON. The admin token is checked from the headers before the body is read (requireAdmin).
 */
export function mountMetadataUpload(app: Express, options: UploadOptions): void {
  mountAdminUpload(app, options, {
    path: METADATA_UPLOAD_PATH,
    what: "metadata files",
    logName: "metadata upload",
    defaultFileName: "upload.csv",
    run: async (text, { request, fileName, viewer }) => {
      const source = typeof request.query.source === "string" ? request.query.source.toUpperCase() : undefined;
      if (source !== undefined && !METADATA_SOURCES.includes(source as MetadataSource)) {
        throw new UploadParameterError("source must be tmdb, wikipedia or kaggle.", "source");
      }
      const summary = await importMetadataFile(options.prisma, text, { fileName, actorId: viewer.id, field: "body", source: source as MetadataSource | undefined });
      return { ...summary, reportCount: summary.report.length };
    },
  });
}
