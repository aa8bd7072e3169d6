import { isObjectType, type GraphQLSchema } from "graphql";

/**
 * The one rule for fields only some viewers may read (editor-only data, a user's private fields):
 * the field is nullable and answers null, without an error, for everyone else. An error or a
 * non-null type would null the field's parents too (a whole show, for one editor-only flag), and a
 * client generated from the schema could not tell which selections do that.
 *
 * Every such field says so in its description with this marker, which is how clients (and the
 * test that walks every restricted field) find them; `assertRestrictedFieldsNullable` refuses a
 * schema where a marked field is non-null.
 */
export const RESTRICTED_MARKER = "Restricted to";

/** Field options for a restricted field: nullable, and a description that names who may read it. */
export function restrictedField(description: string, audience: string): { nullable: true; description: string } {
  return { nullable: true, description: `${description} ${RESTRICTED_MARKER} ${audience}; null for everyone else.` };
}

/**
 * Options for a root query only some viewers may run (the review queue, the audit log): nullable, so
 * that an anonymous reader or a writer who selects it next to public fields keeps those fields;
 * unlike a nested restricted field it still answers an UNAUTHENTICATED or FORBIDDEN error naming
 * itself, because the whole field was asked for and a silent null would read as "nothing there".
 */
export function restrictedQuery(description: string, audience: string): { nullable: true; description: string } {
  return { nullable: true, description: `${description} ${RESTRICTED_MARKER} ${audience}; for everyone else null, with an error naming the field.` };
}

/** Fails the schema build when a field marked restricted could null its parents. */
export function assertRestrictedFieldsNullable(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.description?.includes(RESTRICTED_MARKER) && field.type.toString().endsWith("!")) {
        throw new Error(`${type.name}.${field.name} is restricted but non-null: it would null its parents for other viewers.`);
      }
    }
  }
}
