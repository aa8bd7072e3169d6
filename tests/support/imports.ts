import type { ImportSummary } from "../../src/charts/import/importer.js";

/** POSTs a Top 10 file to the streaming upload endpoint; returns status and parsed JSON (never throws on errors). */
export async function uploadTop10(
  graphqlUrl: string,
  file: string | Buffer,
  options: { fileName?: string; headers?: Record<string, string>; allowOlder?: boolean } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const url = new URL("/imports/top10", graphqlUrl);
  if (options.fileName !== undefined) url.searchParams.set("fileName", options.fileName);
  if (options.allowOlder !== undefined) url.searchParams.set("allowOlder", String(options.allowOlder));
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "text/tab-separated-values", ...options.headers },
    body: file,
  });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`Not JSON (HTTP ${response.status}): ${text.slice(0, 500)}`);
  }
  return { status: response.status, headers: response.headers, body };
}

/** Like `uploadTop10`, but fails unless the import succeeded; returns the summary. */
export async function importTop10Upload(
  graphqlUrl: string,
  file: string | Buffer,
  fileName: string,
  headers: Record<string, string>,
  options: { allowOlder?: boolean } = {},
) {
  const result = await uploadTop10(graphqlUrl, file, { fileName, headers, ...options });
  if (result.status !== 200) throw new Error(`Upload failed (HTTP ${result.status}): ${JSON.stringify(result.body)}`);
  return result.body as ImportSummary;
}

/** POSTs a metadata CSV file to POST /imports/metadata; returns status and parsed JSON (never throws on errors). */
export async function uploadMetadata(
  graphqlUrl: string,
  file: string | Buffer,
  options: { fileName?: string; source?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any }> {
  const url = new URL("/imports/metadata", graphqlUrl);
  if (options.fileName !== undefined) url.searchParams.set("fileName", options.fileName);
  if (options.source !== undefined) url.searchParams.set("source", options.source);
  const response = await fetch(url, { method: "POST", headers: { "content-type": "text/csv", ...options.headers }, body: file });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    throw new Error(`Not JSON (HTTP ${response.status}): ${text.slice(0, 500)}`);
  }
}

/**
 * Starts an upload to `path` whose body never ends (64 KB sent of a declared 50 MB, then nothing): an answer can
 * only come if the server decided from the headers alone, before reading the body.
 */
export async function unfinishedUpload(graphqlUrl: string, path: string, headers: Record<string, string>): Promise<{ status: number | "no answer"; body: any }> {
  const { request: httpRequest } = await import("node:http");
  return new Promise((resolve) => {
    const request = httpRequest(new URL(path, graphqlUrl), { method: "POST", headers: { "content-type": "text/csv", "content-length": String(50 * 1024 * 1024), ...headers } });
    const timer = setTimeout(() => {
      request.destroy();
      resolve({ status: "no answer", body: null });
    }, 10_000);
    request.on("response", (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => {
        clearTimeout(timer);
        request.destroy();
        resolve({ status: response.statusCode!, body: JSON.parse(text) });
      });
    });
    request.on("error", () => {});
    request.write(Buffer.alloc(64 * 1024, "x"));
  });
}
