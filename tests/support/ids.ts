/**
 * Global ids (Relay Global Object Identification, see src/common/node.ts) for tests that hold a
 * database row rather than an API answer: `globalId("Show", row.id)`. Written out here instead of
 * imported from the server so a change of the id format fails these tests instead of following it.
 * Tests that can read an id from an API response must do that instead.
 */
export function globalId(typeName: string, rowId: number | string): string {
  return Buffer.from(`${typeName}:${rowId}`).toString("base64url");
}

/** The type and database key inside a global id read from the API (`rowId` of the answer is the same key). */
export function decodeId(id: string): { typeName: string; rowId: number } {
  const [typeName, rowId] = Buffer.from(id, "base64url").toString("utf8").split(":");
  return { typeName: typeName!, rowId: Number(rowId) };
}
