import { ValidateBy, buildMessage, type ValidationOptions } from "class-validator";
import type { GraphQLResolveInfo } from "graphql";
import { Field, FieldResolver, ID, Info, Int, InterfaceType, Resolver, Root } from "type-graphql";
import type { RequestContext } from "./context.js";
import { badUserInput } from "./errors.js";
import { isEntityId } from "./storable.js";

/**
 * Relay Global Object Identification (https://relay.dev/graphql/objectidentification.htm).
 *
 * Every entity's `id` is `base64url("<GraphQL type>:<row id>")`, so a show and a person with the
 * same database key get different ids and a normalized client cache (Relay's, Apollo's) never merges
 * them; `rowId` keeps the database key. Hand-written rather than graphql-relay's toGlobalId/fromGlobalId:
 * those use padded standard base64 ("+", "/", "=" need escaping in URLs) and fromGlobalId accepts
 * anything, while a client's malformed or wrong-type id must be refused as BAD_USER_INPUT naming the
 * argument; the codec is four lines and the rest (validation, loaders) graphql-relay does not cover.
 *
 * How to apply it:
 * - output: `@ObjectType({ implements: Node })` and no `@Field` on the class's own `id` (the row key
 *   stays a plain property); `id` and `rowId` come from the interface's one resolver below.
 * - input: `@Field(() => ID) @IsGlobalId("Show") showId: string`, read with `rowIdOf("Show", input.showId, "input.showId")`.
 * - foreign keys shown to clients: `@Field(() => ID) showId(@Root() row) { return globalId("Show", row.showId) }`
 *   or `globalIdField("Show", "showId")`.
 * - `node(id:)`: `registerNodeType("Show", (context) => (rowIds) => rows or nulls, with the type's visibility)`.
 */

const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;
const ENCODED = /^[A-Za-z0-9_-]+$/;

export function globalId(typeName: string, rowId: number): string {
  return Buffer.from(`${typeName}:${rowId}`).toString("base64url");
}

export interface DecodedId {
  typeName: string;
  rowId: number;
}

/** The type and row of a global id, or null when it is not one of ours (strict: one spelling per id). */
export function decodeGlobalId(id: unknown): DecodedId | null {
  if (typeof id !== "string" || id.length > 200 || !ENCODED.test(id)) return null;
  const text = Buffer.from(id, "base64url").toString("utf8");
  const colon = text.indexOf(":");
  if (colon < 0) return null;
  const typeName = text.slice(0, colon);
  const row = text.slice(colon + 1);
  if (!TYPE_NAME.test(typeName) || !isEntityId(row)) return null;
  const rowId = Number(row);
  // Base64 has several spellings of the same bytes (trailing bits): only the canonical one is an id.
  if (globalId(typeName, rowId) !== id) return null;
  return { typeName, rowId };
}

/**
 * For arguments shared by mutations on several types (`IdArgs`): the validator only checks the id is
 * well-formed, and each resolver's `rowIdOf` checks its type.
 */
export const ANY_NODE_TYPE = "*";

function typeList(types: string | readonly string[]): readonly string[] {
  return typeof types === "string" ? [types] : types;
}

function accepts(types: readonly string[], typeName: string): boolean {
  return types.includes(ANY_NODE_TYPE) || types.includes(typeName);
}

function describe(types: readonly string[]): string {
  if (types.includes(ANY_NODE_TYPE)) return "an object";
  return types.length === 1 ? `a ${types[0]}` : `a ${types.slice(0, -1).join(", ")} or ${types.at(-1)}`;
}

/**
 * Validates an `ID` argument or input field (one, or each of a list with `each: true`): a global id of
 * one of `types`. Failing it is BAD_USER_INPUT naming the field, like every argument validation.
 */
export function IsGlobalId(types: string | readonly string[], options: ValidationOptions = {}): PropertyDecorator {
  const allowed = typeList(types);
  return ValidateBy(
    {
      name: "isGlobalId",
      validator: {
        validate: (value: unknown) => {
          const decoded = decodeGlobalId(value);
          return decoded !== null && accepts(allowed, decoded.typeName);
        },
        defaultMessage: buildMessage((each) => `${each}$property must be the id of ${describe(allowed)} (an \`id\` read from the API)`),
      },
    },
    options,
  );
}

/**
 * The row key of a global id of `types`, for an argument already checked by `@IsGlobalId`; still
 * checked here, because prefetch plans read arguments before validation runs. `field` names the
 * argument in the error (e.g. "input.showId").
 */
export function rowIdOf(types: string | readonly string[], id: string, field: string): number {
  const allowed = typeList(types);
  const decoded = decodeGlobalId(id);
  if (!decoded || !accepts(allowed, decoded.typeName)) {
    throw badUserInput(`\`${field}\` must be the id of ${describe(allowed)} (an \`id\` read from the API).`, field);
  }
  return decoded.rowId;
}

/** Like `rowIdOf`, for an optional argument. */
export function optionalRowIdOf(types: string | readonly string[], id: string | null | undefined, field: string): number | undefined {
  return id == null ? undefined : rowIdOf(types, id, field);
}

/** The GraphQL type a `node`/`nodes` answer was loaded as (see `resolveType`). */
const NODE_TYPE = Symbol("nodeType");

@InterfaceType("Node", {
  description: "An object with a globally unique id (Relay Global Object Identification): refetch it with `node(id:)`.",
  resolveType: (value: { [NODE_TYPE]?: string }) => value[NODE_TYPE],
})
export abstract class Node {
  @Field(() => ID, { description: "Globally unique and opaque; pass it to `node(id:)` and to every id argument." })
  id: string;

  @Field(() => Int, { description: "The database key: unique within the type only. Clients that stored numeric ids use this." })
  rowId: number;
}

/** The one resolver of `id` and `rowId` for every type implementing Node: the row's key, named by the type being resolved. */
@Resolver(() => Node)
export class NodeFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() row: { id: number }, @Info() info: GraphQLResolveInfo): string {
    return globalId(info.parentType.name, row.id);
  }

  @FieldResolver(() => Int)
  rowId(@Root() row: { id: number }): number {
    return row.id;
  }
}

/** Loads rows of one type by key for `node`/`nodes`: one entry per key, null for rows the viewer may not see. */
export type NodeLoader = (rowIds: number[]) => Promise<readonly (object | null)[]>;

const nodeTypes = new Map<string, (context: RequestContext) => NodeLoader>();

/**
 * Makes `typeName` reachable through `node(id:)`. Each domain registers its own types with the same
 * visibility rules as its other paths (drafts, editor- and admin-only types answer null).
 */
export function registerNodeType(typeName: string, loader: (context: RequestContext) => NodeLoader): void {
  nodeTypes.set(typeName, loader);
}

/**
 * The objects behind global ids, in order; null for unknown types, missing rows and rows the viewer
 * may not see. Ids are grouped by type, so each type costs one load whatever the number of ids.
 */
export async function loadNodes(ids: readonly string[], context: RequestContext, field: string): Promise<(object | null)[]> {
  const decoded = ids.map((id) => {
    const node = decodeGlobalId(id);
    if (!node) throw badUserInput(`\`${field}\` must hold ids read from the API; ${JSON.stringify(id.slice(0, 60))} is not one.`, field);
    return node;
  });
  const byType = new Map<string, number[]>();
  for (const { typeName, rowId } of decoded) {
    if (!nodeTypes.has(typeName)) continue;
    const rowIds = byType.get(typeName) ?? [];
    if (!rowIds.includes(rowId)) rowIds.push(rowId);
    byType.set(typeName, rowIds);
  }
  const loaded = new Map<string, object | null>();
  await Promise.all(
    [...byType].map(async ([typeName, rowIds]) => {
      const rows = await nodeTypes.get(typeName)!(context)(rowIds);
      rowIds.forEach((rowId, index) => {
        const row = rows[index] ?? null;
        // Tagged with its type for `resolveType`: the same row can back two types (User and Author).
        loaded.set(`${typeName}:${rowId}`, row && Object.assign(Object.create(Object.getPrototypeOf(row) as object) as object, row, { [NODE_TYPE]: typeName }));
      });
    }),
  );
  return decoded.map(({ typeName, rowId }) => loaded.get(`${typeName}:${rowId}`) ?? null);
}

/** Orders rows found by key as a NodeLoader answers: one per requested key, null where none came back. */
export function inKeyOrder<Row extends { id: number }>(rowIds: readonly number[], rows: readonly Row[]): (Row | null)[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return rowIds.map((rowId) => byId.get(rowId) ?? null);
}

/** Fails the build of a schema in which a type implements Node but `node(id:)` cannot load it. */
export function assertNodeTypesLoadable(schema: import("graphql").GraphQLSchema): void {
  const node = schema.getType("Node");
  if (!node || !("getFields" in node)) return;
  const missing = schema.getPossibleTypes(node as import("graphql").GraphQLInterfaceType).filter((type) => !nodeTypes.has(type.name));
  if (missing.length) throw new Error(`Types implementing Node without registerNodeType: ${missing.map((type) => type.name).join(", ")}`);
}
