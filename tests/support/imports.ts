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
