import {
  getNamedType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  specifiedScalarTypes,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from "graphql";
import type { ConnectionPlan, ObjectPlan } from "./compiler.js";

/**
 * What graphql-js's value completion would do to a compiled statement's JSON, for a response that skips
 * execution (operation.ts): custom scalars and enums serialized as their resolvers' values would be, and
 * every non-null position checked. A null where the schema promises a value is an error graphql-js must
 * report (and bubble), so that answer is INCOMPLETE and the operation runs through graphql-js instead.
 * Built-in scalars are not serialized again: PostgreSQL built them from typed columns (json numbers,
 * booleans, text), which serialize to themselves; nor are dates the statement formatted itself (a
 * mapping marked `serialized`).
 */
export const INCOMPLETE = Symbol("incomplete");

/** graphql-js's own isSpecifiedScalarType scans the list by name on every call: once per leaf here. */
const SPECIFIED_SCALARS = new Set(specifiedScalarTypes.map((scalar) => scalar.name));

export function completeValue(type: GraphQLOutputType, value: unknown, plan: ObjectPlan | ConnectionPlan | null): unknown {
  if (isNonNullType(type)) return value == null ? INCOMPLETE : completeValue(type.ofType, value, plan);
  if (value == null) return null;
  if (isListType(type)) {
    if (!Array.isArray(value)) return INCOMPLETE;
    for (let index = 0; index < value.length; index += 1) {
      const item = completeValue(type.ofType, value[index], plan);
      if (item === INCOMPLETE) return INCOMPLETE;
      value[index] = item;
    }
    return value;
  }
  if (isLeafType(type)) {
    if (SPECIFIED_SCALARS.has(type.name)) return value;
    try {
      return type.serialize(value);
    } catch {
      return INCOMPLETE;
    }
  }
  if (!isObjectType(type) || plan === null || typeof value !== "object") return INCOMPLETE;
  const object = value as Record<string, unknown>;
  return (plan.kind === "object" ? completeObject(object, plan) : completeConnection(type, object, plan)) ? object : INCOMPLETE;
}

/** Completes `object[key]` in place; false when it cannot be. */
function completeKey(object: Record<string, unknown>, key: string, type: GraphQLOutputType, plan: ObjectPlan | ConnectionPlan | null): boolean {
  const completed = completeValue(type, object[key], plan);
  if (completed === INCOMPLETE) return false;
  object[key] = completed;
  return true;
}

function completeObject(object: Record<string, unknown>, plan: ObjectPlan): boolean {
  for (const entry of plan.entries) {
    // __typename, id and rowId are built by the statement from the row's key: never null.
    if (entry.kind !== "mapped") continue;
    if (entry.mapping.kind === "scalar" && entry.mapping.serialized) {
      // Already in its serialized form (mapping.ts): only a null where the schema promises a value is left to catch.
      if (object[entry.key] == null && isNonNullType(entry.field.type)) return false;
    } else if (!completeKey(object, entry.key, entry.field.type, entry.children)) return false;
  }
  return true;
}

function fieldType(type: GraphQLObjectType, name: string): GraphQLOutputType {
  return type.getFields()[name]!.type;
}

function completeConnection(type: GraphQLObjectType, object: Record<string, unknown>, plan: ConnectionPlan): boolean {
  for (const { key, plan: nodePlan } of plan.nodes) if (!completeKey(object, key, fieldType(type, "nodes"), nodePlan)) return false;
  for (const key of plan.totalCount) if (!completeKey(object, key, fieldType(type, "totalCount"), null)) return false;
  for (const { key, fields } of plan.pageInfo) {
    const pageInfoType = fieldType(type, "pageInfo");
    const pageInfo = object[key];
    if (pageInfo == null) {
      if (isNonNullType(pageInfoType)) return false;
      continue;
    }
    const named = getNamedType(pageInfoType) as GraphQLObjectType;
    for (const field of fields) if (!completeKey(pageInfo as Record<string, unknown>, field.key, fieldType(named, field.name), null)) return false;
  }
  for (const edge of plan.edges) {
    const edgesType = fieldType(type, "edges");
    const edges = object[edge.key];
    if (edges == null) {
      if (isNonNullType(edgesType)) return false;
      continue;
    }
    if (!Array.isArray(edges)) return false;
    const edgeType = getNamedType(edgesType) as GraphQLObjectType;
    for (const item of edges as (Record<string, unknown> | null)[]) {
      if (item == null) return false;
      for (const key of edge.cursor) if (!completeKey(item, key, fieldType(edgeType, "cursor"), null)) return false;
      for (const { key, plan: nodePlan } of edge.node) if (!completeKey(item, key, fieldType(edgeType, "node"), nodePlan)) return false;
    }
  }
  return true;
}
