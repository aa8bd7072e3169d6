import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import { adminCommandSchema, type AdminCommand } from "./command-schema.js";
import { isRunning } from "../common/process.js";

/**
 * The administrative channel of a server on the embedded database. The data folder belongs to one process
 * (db/embedded.ts), so a CLI command run while the server holds it is sent to the server instead: over
 * loopback only, authenticated by a secret the server writes into the data folder, readable by its owner
 * alone, so exactly the people who could open the database files themselves can use it.
 */
const CHANNEL_FILE = "greenlight-admin.json";
/** Large enough for the Top 10 country file (7 MB) with room to grow. */
const MAX_COMMAND_BYTES = 64 * 1024 * 1024;

interface ChannelAddress {
  pid: number;
  port: number;
  secret: string;
}

export interface CommandResult {
  ok: boolean;
  lines: string[];
  /** A command's file output, for the CLI to write (the metadata import's --report). */
  attachment?: string;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_COMMAND_BYTES) throw new Error(`A command is at most ${MAX_COMMAND_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function sameSecret(offered: string, secret: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startAdminChannel(options: {
  dataDir: string;
  logger: Logger;
  run: (command: AdminCommand, print: (line: string) => void, attach: (content: string) => void) => Promise<void>;
}): Promise<{ stop(): Promise<void> }> {
  const secret = randomBytes(32).toString("base64url");
  const server = createServer((request, response) => {
    const reply = (status: number, result: CommandResult) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(result));
    };
    if (request.method !== "POST" || request.url !== "/commands") return reply(404, { ok: false, lines: ["Not found."] });
    if (!sameSecret(request.headers.authorization ?? "", `Bearer ${secret}`)) {
      return reply(401, { ok: false, lines: ["Not authorized: the secret does not match this server's."] });
    }
    void (async () => {
      const lines: string[] = [];
      let attachment: string | undefined;
      try {
        const parsed = adminCommandSchema.safeParse(JSON.parse(await readBody(request)));
        if (!parsed.success) return reply(400, { ok: false, lines: parsed.error.issues.map((issue) => issue.message) });
        options.logger.info({ command: parsed.data.name }, "Running a CLI command sent over the admin channel");
        await options.run(parsed.data, (line) => lines.push(line), (content) => (attachment = content));
        reply(200, { ok: true, lines, attachment });
      } catch (error) {
        options.logger.warn({ reason: (error as Error).message }, "A CLI command sent over the admin channel failed");
        reply(200, { ok: false, lines: [...lines, (error as Error).message] });
      }
    })();
  });
  // No idle socket timeout: an import of the country file takes a while before the answer.
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address: ChannelAddress = { pid: process.pid, port: (server.address() as AddressInfo).port, secret };
  const path = join(options.dataDir, CHANNEL_FILE);
  // Written whole under another name, then renamed: a reader never sees half a file.
  await writeFile(`${path}.tmp`, JSON.stringify(address), { mode: 0o600 });
  await rename(`${path}.tmp`, path);
  return {
    async stop() {
      await rm(path, { force: true });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * Sends `command` to the server running on `dataDir`, if one is; resolves with null when none is (the
 * caller then opens the database itself).
 */
export async function sendToRunningServer(dataDir: string, command: AdminCommand): Promise<CommandResult | null> {
  const text = await readFile(join(dataDir, CHANNEL_FILE), "utf8").catch(() => null);
  if (text === null) return null;
  const address = JSON.parse(text) as ChannelAddress;
  if (!isRunning(address.pid)) return null;
  const response = await fetch(`http://127.0.0.1:${address.port}/commands`, {
    method: "POST",
    headers: { authorization: `Bearer ${address.secret}`, "content-type": "application/json" },
    body: JSON.stringify(command),
    // An import may take minutes; undici's default 5-minute body timeout is the only limit kept.
  }).catch(() => null);
  if (!response) return null;
  return (await response.json()) as CommandResult;
}
