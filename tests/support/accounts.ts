import { bearer, query } from "./graphql.js";

export const ADMIN = { email: "admin@tests.invalid", password: "admin-password-for-tests" };
export const adminEnv = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };

export async function signIn(url: string, email: string, password: string): Promise<string> {
  const data = await query(url, `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }`, {
    e: email,
    p: password,
  });
  return data.signIn.token;
}

export interface Staff {
  admin: Record<string, string>;
  editor: Record<string, string>;
  writer: Record<string, string>;
  otherWriter: Record<string, string>;
  ids: Record<"admin" | "editor" | "writer" | "otherWriter", string>;
}

/** Signs in the bootstrap admin and creates an editor and two writers; returns their auth headers. */
export async function createStaff(url: string): Promise<Staff> {
  const adminToken = await signIn(url, ADMIN.email, ADMIN.password);
  const me = await query(url, `{ me { id } }`, undefined, bearer(adminToken));
  const ids: Record<string, string> = { admin: me.me.id };
  const headers: Record<string, Record<string, string>> = { admin: bearer(adminToken) };
  for (const [key, role, name] of [
    ["editor", "EDITOR", "Eve Editor"],
    ["writer", "WRITER", "Walt Writer"],
    ["otherWriter", "WRITER", "Olive Otherwriter"],
  ] as const) {
    const email = `${key.toLowerCase()}@tests.invalid`;
    const password = `${key}-password-for-tests`;
    const created = await query(
      url,
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      { input: { email, name, password, role } },
      headers.admin,
    );
    ids[key] = created.createUser.id;
    headers[key] = bearer(await signIn(url, email, password));
  }
  return { ...(headers as Omit<Staff, "ids">), ids: ids as Staff["ids"] };
}

/** Imports Netflix's global Top 10 file through the admin upload (the CLI cannot share an embedded database with a running server). */
export async function importGlobalTop10(url: string): Promise<void> {
  const { readFile } = await import("node:fs/promises");
  const { join } = await import("node:path");
  const { projectRoot } = await import("./server.js");
  const { importTop10Upload } = await import("./imports.js");
  const tsv = await readFile(join(projectRoot, "..", "shared", "data", "all-weeks-global.tsv"));
  const token = await signIn(url, ADMIN.email, ADMIN.password);
  await importTop10Upload(url, tsv, "all-weeks-global.tsv", bearer(token));
}
