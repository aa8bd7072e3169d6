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

export interface UploadOptions {
  prisma: PrismaClient;
  settings: RequestSettings;
  maxBytes: number;
  logger: Logger;
  rateLimit: RequestHandler | null;
  /** Told of the admin's write before the answer goes out (read-your-writes with replicas). */
  onWrite?: (userId: number) => Promise<void>;
}

/** A query parameter the upload refuses: answered 400 BAD_USER_INPUT naming it. */
export class UploadParameterError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/**
 * An admin's file import as a raw-body POST, the way every import is uploaded: the admin token checked
 * before a byte of the body is read, the body streamed up to `maxBytes` (413 past it), a `fileName`
 * parameter, UTF-8 text, and the import's own refusals as 400 with its `file:line (column)` message.
 * `run` reads its own parameters (throwing UploadParameterError) and imports; its result is the answer.
 */
export function mountAdminUpload(
  app: Express,
  options: UploadOptions,
  upload: {
    path: string;
    /** What the refusal says admins may import ("Top 10 files"). */
    what: string;
    /** How the log lines name it ("top 10 upload started", "… imported"). */
    logName: string;
    defaultFileName: string;
    run: (text: string, input: { request: Request; fileName: string; viewer: Viewer }) => Promise<object>;
  },
): void {
  const { prisma, settings, maxBytes, logger } = options;
  // body-parser's raw reader streams the body and stops at the limit (413), before any parsing.
  const body = express.raw({ type: () => true, limit: maxBytes });
  app.post(
    upload.path,
    ...(options.rateLimit ? [options.rateLimit] : []),
    requireAdmin(prisma, settings, upload.what),
    body,
    async (request: Request, response: Response, next: NextFunction) => {
      const viewer = response.locals.viewer as Viewer;
      const fileName = typeof request.query.fileName === "string" ? request.query.fileName : upload.defaultFileName;
      if (!FILE_NAME.test(fileName)) {
        return sendError(response, 400, ErrorCode.BadUserInput, "fileName must be 1-200 characters without slashes or control characters.", { field: "fileName" });
      }
      const bytes: Buffer = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        return sendError(response, 400, ErrorCode.BadUserInput, "The file is not UTF-8 text.", { field: "body" });
      }
      logger.debug({ requestId: response.locals.requestId, userId: viewer.id, bytes: bytes.length }, `${upload.logName} started`);
      try {
        const answer = await upload.run(text, { request, fileName, viewer });
        logger.info({ requestId: response.locals.requestId, userId: viewer.id, file: fileName }, `${upload.logName} imported`);
        await options.onWrite?.(viewer.id);
        response.json(answer);
      } catch (error) {
        if (error instanceof UploadParameterError) return sendError(response, 400, ErrorCode.BadUserInput, error.message, { field: error.field });
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

/**
 * POST /imports/top10?fileName=all-weeks-global.tsv[&allowOlder=true] with the TSV file as the raw body (curl
 * --data-binary @file; gzip with Content-Encoding: gzip): the same all-or-nothing import as the
 * importTop10 mutation, for files of any real size, answered with the import summary as JSON.
 */
export function mountTop10Upload(app: Express, options: UploadOptions): void {
  mountAdminUpload(app, options, {
    path: TOP10_UPLOAD_PATH,
    what: "Top 10 files",
    logName: "top 10 upload",
    defaultFileName: "upload.tsv",
    run: (text, { request, fileName, viewer }) => {
      const allowOlder = request.query.allowOlder ?? "false";
      if (allowOlder !== "true" && allowOlder !== "false") throw new UploadParameterError("allowOlder must be true or false.", "allowOlder");
      return importTop10File(options.prisma, text, { fileName, actorId: viewer.id, field: "body", allowOlder: allowOlder === "true" });
    },
  });
}
