import type { GraphQLError } from "graphql";
import type { PrismaClient } from "../db/prisma.js";
import type { LiveBus } from "../live/bus.js";
import type { WebhookAddressPolicy } from "../webhooks/address-policy.js";
import type { SignInGuard } from "./rate-limits.js";
import { RequestScope } from "./request-scope.js";

export type ViewerRole = "ADMIN" | "EDITOR" | "WRITER";

/** The signed-in user a request acts for; null for anonymous readers. */
export interface Viewer {
  id: number;
  role: ViewerRole;
}

/** Settings the services need at request time (kept apart from the rest of the configuration). */
export interface RequestSettings {
  tokens: { secret: Uint8Array; ttlSeconds: number };
  signIn: SignInGuard;
  webhookAddresses: WebhookAddressPolicy;
}

export interface RequestContext {
  prisma: PrismaClient;
  viewer: Viewer | null;
  settings: RequestSettings;
  /** Per-request memo for DataLoaders and services: nothing cached here outlives the request. */
  scope: RequestScope;
  /** Echoed to the client as X-Request-Id and written with the request's log line. */
  requestId?: string;
  /** Why the request's token was refused, if it was: every operation but signIn gets this error (auth/rejected-token.ts). */
  rejectedToken?: GraphQLError;
  /** Committed changes, for subscriptions (set on WebSocket operations only: live/websocket.ts). */
  live?: LiveBus;
  /** The client's IP address (behind a proxy, as TRUST_PROXY allows): what rate limits count by. */
  clientAddress?: string;
}

export function createRequestContext(
  prisma: PrismaClient,
  viewer: Viewer | null,
  settings: RequestSettings,
  request: { id?: string; address?: string } = {},
): RequestContext {
  return { prisma, viewer, settings, scope: new RequestScope(), requestId: request.id, clientAddress: request.address };
}

/** Editors and admins see unpublished content; writers see only their own (decided per domain). */
export function canSeeUnpublished(viewer: Viewer | null): boolean {
  return viewer?.role === "ADMIN" || viewer?.role === "EDITOR";
}
