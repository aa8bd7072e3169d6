import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  answeredWith: number;
}

/** A local webhook receiver that answers 500 to the first `failures` requests, then 200 (each after `holdMs`). */
export async function startReceiver(options: { failures?: number; alwaysFail?: boolean; holdMs?: number } = {}) {
  const received: ReceivedRequest[] = [];
  let failuresLeft = options.failures ?? 0;
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const fail = options.alwaysFail || failuresLeft > 0;
      if (fail) failuresLeft -= 1;
      const status = fail ? 500 : 200;
      received.push({ headers: request.headers, body, answeredWith: status });
      setTimeout(() => response.writeHead(status).end(fail ? "nope" : "ok"), options.holdMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The receiver's side of X-Greenlight-Signature, written independently of the server's code. */
export function signatureIsValid(secret: string, body: string, header: string | undefined): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!match) return false;
  const expected = createHmac("sha256", secret).update(`${match[1]}.${body}`).digest("hex");
  return expected === match[2];
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
