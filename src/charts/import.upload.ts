import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { GraphQLError } from "graphql";
import type { Logger } from "pino";
import { authenticate } from "../auth/user.service.js";
import type { RequestSettings, Viewer } from "../common/context.js";
import { ErrorCode, isDatabaseUnavailable } from "../common/errors.js";
import type { PrismaClient } from "../db/prisma.js";
import { importTop10File } from "./import/import-file.js";

export const TOP10_UPLOAD_PATH = "/imports/top10";

export function sendError(response: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  response.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

/**
 * Refuses the upload from its headers alone, before a byte of the body is read: only a valid
 * admin token may make the server take in a large body. The connection is closed after a refusal,
 * so an unwanted body is not read either.
 */
export function requireAdmin(prisma: PrismaClient, settings: RequestSettings, what = "Top 10 files"): RequestHandler {
  return async (request: Request, response: Response, next: NextFunction) => {
    const refuse = (status: number, code: string, message: string) => {
      response.setHeader("connection", "close");
      if (status === 401) response.setHeader("www-authenticate", "Bearer");
      if (status === 503) response.setHeader("retry-after", "5");
      sendError(response, status, code, message);
    };
    let viewer: Viewer | null;
    try {
      viewer = await authenticate(prisma, request.headers.authorization, settings.tokens);
    } catch (error) {
      if (error instanceof GraphQLError) return refuse(401, ErrorCode.Unauthenticated, error.message);
      if (isDatabaseUnavailable(error)) return refuse(503, ErrorCode.ServiceUnavailable, "The database is unavailable right now; try again in a few seconds.");
      return next(error);
    }
    if (!viewer) return refuse(401, ErrorCode.Unauthenticated, "Sign in as an admin: send `Authorization: Bearer <token>`.");
    if (viewer.role !== "ADMIN") return refuse(403, ErrorCode.Forbidden, `Only admins may import ${what}.`);
    response.locals.viewer = viewer;
    next();
  };
}

export const FILE_NAME = /^[^\u0000-\u001f/\\]{1,200}$/;

/**
 * POST /imports/top10?fileName=all-weeks-global.tsv[&allowOlder=true] with the TSV file as the raw body (curl
 * --data-binary @file; gzip with Content-Encoding: gzip): the same all-or-nothing import as the
 * importTop10 mutation, for files of any real size, answered with the import summary as JSON.
 */
export function mountTop10Upload(
  app: Express,
  options: {
    prisma: PrismaClient;
    settings: RequestSettings;
    maxBytes: number;
    logger: Logger;
    rateLimit: RequestHandler | null;
    /** Told of the admin's write before the answer goes out (read-your-writes with replicas). */
    onWrite?: (userId: number) => Promise<void>;
  },
): void {
  const { prisma, settings, maxBytes, logger } = options;
  // body-parser's raw reader streams the body and stops at the limit (413), before any parsing.
  const body = express.raw({ type: () => true, limit: maxBytes });
  app.post(
    TOP10_UPLOAD_PATH,
    ...(options.rateLimit ? [options.rateLimit] : []),
    requireAdmin(prisma, settings),
    body,
    async (request: Request, response: Response, next: NextFunction) => {
      const viewer = response.locals.viewer as Viewer;
      const fileName = typeof request.query.fileName === "string" ? request.query.fileName : "upload.tsv";
      if (!FILE_NAME.test(fileName)) {
        return sendError(response, 400, ErrorCode.BadUserInput, "fileName must be 1-200 characters without slashes or control characters.", { field: "fileName" });
      }
      const allowOlderParam = request.query.allowOlder ?? "false";
      if (allowOlderParam !== "true" && allowOlderParam !== "false") {
        return sendError(response, 400, ErrorCode.BadUserInput, "allowOlder must be true or false.", { field: "allowOlder" });
      }
      const bytes: Buffer = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        return sendError(response, 400, ErrorCode.BadUserInput, "The file is not UTF-8 text.", { field: "body" });
      }
      logger.debug({ requestId: response.locals.requestId, userId: viewer.id, bytes: bytes.length }, "top 10 upload started");
      try {
        const summary = await importTop10File(prisma, text, { fileName, actorId: viewer.id, field: "body", allowOlder: allowOlderParam === "true" });
        logger.info({ requestId: response.locals.requestId, userId: viewer.id, file: summary.file, rowsRead: summary.rowsRead }, "top 10 upload imported");
        await options.onWrite?.(viewer.id);
        response.json(summary);
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
