import type { PrismaClient } from "../db/prisma.js";
import { RequestScope } from "./request-scope.js";

export type ViewerRole = "ADMIN" | "EDITOR" | "WRITER";

/** The signed-in user a request acts for; null for anonymous readers. */
export interface Viewer {
  id: number;
  role: ViewerRole;
}

export interface RequestContext {
  prisma: PrismaClient;
  viewer: Viewer | null;
  /** Per-request memo for DataLoaders and services: nothing cached here outlives the request. */
  scope: RequestScope;
}

export function createRequestContext(prisma: PrismaClient, viewer: Viewer | null): RequestContext {
  return { prisma, viewer, scope: new RequestScope() };
}

/** Editors and admins see unpublished content; writers see only their own (decided per domain). */
export function canSeeUnpublished(viewer: Viewer | null): boolean {
  return viewer?.role === "ADMIN" || viewer?.role === "EDITOR";
}
