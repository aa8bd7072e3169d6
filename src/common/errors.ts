import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import type { Mode } from "../config.js";
import { literalValueField, withoutSuggestions } from "./literal-errors.js";

export const ErrorCode = {
  BadUserInput: "BAD_USER_INPUT",
  NotFound: "NOT_FOUND",
  Unauthenticated: "UNAUTHENTICATED",
  Forbidden: "FORBIDDEN",
  Conflict: "CONFLICT",
  InvalidTransition: "INVALID_TRANSITION",
  /** An article's claims no longer hold against the database (see articles/claims.ts). */
  StaleFacts: "STALE_FACTS",
  Internal: "INTERNAL_SERVER_ERROR",
  ServiceUnavailable: "SERVICE_UNAVAILABLE",
} as const;

const UNREACHABLE_CODES = new Set([
  // Prisma: can't reach the server, it closed the connection, no pool connection in time
  "P1001", "P1002", "P1017", "P2024",
  // Node sockets
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH",
  // PostgreSQL: admin shutdown, crash shutdown, cannot connect now, connection exceptions
  "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006",
]);
// "Query read timeout": pg's client-side query_timeout, a statement that got no answer at all (a dead network path).
const UNREACHABLE_MESSAGE = /Connection terminated|Can't reach database|ECONNREFUSED|connection error|timeout exceeded when trying to connect|Query read timeout|DatabaseNotReachable|ConnectionClosed/i;

/** Whether an error (or anything in its cause chain) says the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causeChain(error).some(
    ({ code, kind, message }) =>
      (typeof code === "string" && UNREACHABLE_CODES.has(code)) ||
      (typeof kind === "string" && UNREACHABLE_MESSAGE.test(kind)) ||
      (typeof message === "string" && UNREACHABLE_MESSAGE.test(message)),
  );
}

interface ErrorLink {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  originalError?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/**
 * An error and what it wraps, outermost first: GraphQL's originalError, Error#cause, and the driver
 * adapter's error that Prisma keeps in `meta.driverAdapterError` when a raw statement fails (P2010,
 * "Raw query failed": the compiled read path's $queryRawUnsafe), whose `cause` holds PostgreSQL's
 * SQLSTATE (`code`) or the socket failure (`kind`), as a model query's error does.
 */
function causeChain(error: unknown): ErrorLink[] {
  const chain: ErrorLink[] = [];
  for (let current = error; current && typeof current === "object" && chain.length < 8; ) {
    const link = current as ErrorLink;
    chain.push(link);
    current = link.originalError ?? link.meta?.driverAdapterError ?? link.cause;
  }
  return chain;
}

/**
 * Whether the work waited for a connection and none came free in time (Prisma P2028 "Unable to start a
 * transaction in the given time", P2024 pool timeout): normal on the embedded engine, whose single
 * connection a long import holds for seconds.
 */
export function isDatabaseBusy(error: unknown): boolean {
  const candidate = error as { code?: unknown; message?: unknown };
  return candidate?.code === "P2028" || candidate?.code === "P2024" || (typeof candidate?.message === "string" && /Unable to start a transaction in the given time/i.test(candidate.message));
}

/** Whether PostgreSQL cancelled a statement (SQLSTATE 57014: past statement_timeout, or cancelled by an operator). */
export function isStatementTimeout(error: unknown): boolean {
  return causeChain(error).some(({ code, message }) => code === "57014" || (typeof message === "string" && /statement timeout/i.test(message)));
}

/** Whether a unique constraint refused a write: Prisma's P2002 for a model query, SQLSTATE 23505 under a raw statement's P2010. */
export function isUniqueViolation(error: unknown): boolean {
  return causeChain(error).some(({ code }) => code === "P2002" || code === "23505");
}

export function serviceUnavailable(): GraphQLError {
  return new GraphQLError("The database is unavailable right now; try again in a few seconds.", {
    extensions: { code: ErrorCode.ServiceUnavailable, http: { status: 503, headers: new Map([["retry-after", "5"]]) } },
  });
}

/** An invalid argument: the error names the offending field so clients can point at it. */
export function badUserInput(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BadUserInput, field } });
}

export function notFound(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NotFound, field } });
}

// No HTTP status on these: a GraphQL result that carries them is HTTP 200, like every other
// client error (the spec's status codes are for request errors; see common/graphql-over-http.ts).
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Unauthenticated } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Forbidden } });
}

export function conflict(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Conflict, ...details } });
}

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

function flattenValidation(failures: ValidationFailure[], prefix = ""): { field: string; message: string }[] {
  return failures.flatMap((failure) => {
    const field = prefix ? `${prefix}.${failure.property}` : failure.property;
    const own = Object.values(failure.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidation(failure.children ?? [], field)];
  });
}

const clientCodes = new Set<string>([
  ErrorCode.BadUserInput,
  ErrorCode.NotFound,
  ErrorCode.Unauthenticated,
  ErrorCode.Forbidden,
  ErrorCode.Conflict,
  ErrorCode.InvalidTransition,
  ErrorCode.StaleFacts,
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  "BAD_REQUEST",
  "QUERY_TOO_DEEP",
  "TOO_MANY_ALIASES",
  "QUERY_TOO_COMPLEX",
  "RATE_LIMITED",
  "SERVICE_UNAVAILABLE",
  "OPERATION_NOT_SUPPORTED",
  "TOO_MANY_SUBSCRIPTIONS",
]);

/**
 * Apollo refuses some requests with a bare 4xx GraphQLError and no code (e.g. "provided sha does
 * not match query" for a persisted query): those are the client's doing too.
 */
function isRefusedRequest(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.originalError || error.path) return false;
  const status = (error.extensions?.http as { status?: number } | undefined)?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}

/** Whether an error is the client's doing (bad input, auth, conflict ...) rather than ours. */
export function isClientError(error: GraphQLError): boolean {
  const original = error.originalError ?? error;
  if (original instanceof ArgumentValidationError) return true;
  if (isRefusedRequest(error)) return true;
  // Apollo wraps parse and validation failures (GRAPHQL_PARSE_FAILED ...) around graphql-js errors
  // that carry no code of their own: the wrapper's code counts as much as the original's.
  return [error, original].some((candidate) => {
    const code = candidate instanceof GraphQLError ? candidate.extensions?.code : undefined;
    return typeof code === "string" && clientCodes.has(code);
  });
}

/**
 * Shapes every error leaving the server: validation failures name their fields, and anything
 * unexpected is masked outside development so no stack trace, SQL or file path reaches a client.
 */
export function createErrorFormatter(mode: Mode) {
  const shape = errorShaper(mode);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const shaped = shape(formatted, error);
    const code = shaped.extensions?.code;
    // Apollo hides suggestions only in validation errors; variables that do not fit their types get them too.
    if (mode === "production" && typeof code === "string" && clientCodes.has(code)) return { ...shaped, message: withoutSuggestions(shaped.message) };
    return shaped;
  };
}

function errorShaper(mode: Mode) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (original instanceof ArgumentValidationError) {
      const fields = flattenValidation(original.extensions.validationErrors as ValidationFailure[]);
      return {
        message: `Invalid input: ${fields.map((f) => `${f.field}: ${f.message}`).join("; ")}`,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.BadUserInput, field: fields[0]?.field, fields },
      };
    }
    const code = formatted.extensions?.code;
    if (code === "GRAPHQL_VALIDATION_FAILED") {
      const field = literalValueField(error);
      if (field) return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BadUserInput, field } };
    }
    if (typeof code === "string" && clientCodes.has(code)) return formatted;
    if (isRefusedRequest(error)) return { ...formatted, extensions: { ...formatted.extensions, code: "BAD_REQUEST" } };
    if (isStatementTimeout(error)) {
      return {
        message: "The request took too long and was stopped; nothing it started was kept. Ask for less, or try again.",
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: "TIMEOUT" },
      };
    }
    if (isDatabaseUnavailable(error)) {
      return {
        message: serviceUnavailable().message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.ServiceUnavailable },
      };
    }
    if (mode === "development") return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.Internal } };
    return {
      message: "Internal server error",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.Internal },
    };
  };
}
