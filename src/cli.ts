#!/usr/bin/env node
import "reflect-metadata";
import { readFile, writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { adminCommandSchema, type AdminCommand } from "./admin/command-schema.js";
import { sendToRunningServer } from "./admin/channel.js";
import { ConfigError, loadConfig, type Config } from "./config.js";

// Each command loads only the modules it needs (the server's take seconds): see the dynamic imports below.
const usage = `Usage: greenlight <command>
  start            serve the API (embedded database unless DATABASE_URL is set)
  migrate          apply pending migrations
  seed             load the seed data (safe to run twice)
  schema [FILE]    print the GraphQL schema (to FILE when given)
  import-top10 [--allow-older] FILE...   import Netflix Top 10 TSV files (global, per-country or most-popular.tsv)
  import:metadata [--source tmdb|wikipedia|kaggle] [--report FILE.csv|FILE.json] FILE...
                   import show metadata (TMDB, Wikipedia, Kaggle CSV files); --report writes the match report
  user:create --email E --password P --role ADMIN|EDITOR|WRITER [--name N]
  user:password --email E --password P   set a user's password (its earlier tokens stop working)
  outlook:train [--out FILE]   fit the renewal model on the global chart rows (writes models/outlook-model.json)
  outlook:backtest [--json] [--out FILE]   the model against the baselines on 2023-07..2024-06 (writes models/outlook-backtest.json)
  new-migration NAME  write prisma/migrations/<time>_NAME from the changes to prisma/schema.prisma`;

/** A command's arguments as the admin command it stands for; a usage mistake throws a one-line message. */
async function parseCommand(command: string, args: string[]): Promise<AdminCommand> {
  const options = { email: { type: "string" }, password: { type: "string" }, role: { type: "string" }, name: { type: "string" } } as const;
  const parsed = await (async () => {
    switch (command) {
      case "import-top10": {
        const files = args.filter((argument) => argument !== "--allow-older");
        if (files.length === 0) throw new Error("Give one or more Top 10 TSV files.");
        return {
          name: command,
          allowOlder: args.includes("--allow-older"),
          files: await Promise.all(files.map(async (file) => ({ file, text: await readFile(file, "utf8") }))),
        };
      }
      case "import:metadata": {
        const { values, positionals } = parseArgs({ args, options: { source: { type: "string" }, report: { type: "string" } }, strict: true, allowPositionals: true });
        if (positionals.length === 0) throw new Error("Give one or more metadata CSV files.");
        if (values.report !== undefined && !/\.(csv|json)$/i.test(values.report)) throw new Error("--report must name a .csv or .json file.");
        return {
          name: command,
          source: values.source?.toUpperCase(),
          report: values.report ? (values.report.toLowerCase().endsWith(".json") ? "json" : "csv") : undefined,
          files: await Promise.all(positionals.map(async (file) => ({ file: basename(file), text: await readFile(file, "utf8") }))),
        };
      }
      case "user:create": {
        const { values } = parseArgs({ args, options, strict: true });
        const account = { email: values.email, password: values.password, role: values.role?.toUpperCase(), name: values.name };
        return { name: command, account: { ...account, name: account.name ?? account.email?.split("@")[0] } };
      }
      case "user:password": {
        const { values } = parseArgs({ args, options: { email: options.email, password: options.password }, strict: true });
        return { name: command, ...values };
      }
      case "outlook:train":
      case "outlook:backtest": {
        const { values } = parseArgs({ args, options: { out: { type: "string" }, json: { type: "boolean" } }, strict: true });
        return { name: command, ...values, ...(values.out ? { out: resolve(values.out) } : {}) };
      }
      default:
        return { name: command };
    }
  })();
  const checked = adminCommandSchema.safeParse(parsed);
  if (!checked.success) throw new Error(checked.error.issues.map((issue) => issue.message).join("; "));
  return checked.data;
}

/**
 * A database command: sent to the server holding the embedded database when one runs, otherwise run
 * here on a database prepared exactly as `start` prepares it (migrated and seeded when embedded).
 */
async function runDatabaseCommand(config: Config, command: AdminCommand, attachmentPath?: string): Promise<void> {
  const attach = async (content: string | undefined) => {
    if (attachmentPath && content !== undefined) {
      await writeFile(attachmentPath, content);
      console.log(`Wrote the match report to ${attachmentPath}.`);
    }
  };
  if (config.database.kind === "embedded") {
    const result = await sendToRunningServer(config.database.dataDir, command);
    if (result) {
      for (const line of result.lines) (result.ok ? console.log : console.error)(line);
      if (!result.ok) process.exitCode = 1;
      else await attach(result.attachment);
      return;
    }
  }
  let attachment: string | undefined;
  await (await import("./admin/local.js")).runLocally(config, command, (content) => (attachment = content));
  await attach(attachment);
}

/** The value of `--name VALUE` or `--name=VALUE` among a command's arguments. */
function optionValue(args: string[], name: string): string | undefined {
  const inline = args.find((argument) => argument.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  const position = args.indexOf(`--${name}`);
  return position >= 0 ? args[position + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case "start":
      return (await import("./serve.js")).start(loadConfig());
    case "migrate":
    case "seed":
    case "import-top10":
    case "user:create":
    case "user:password":
    case "outlook:train":
    case "outlook:backtest":
      return runDatabaseCommand(loadConfig(), await parseCommand(command, rest));
    case "import:metadata":
      return runDatabaseCommand(loadConfig(), await parseCommand(command, rest), optionValue(rest, "report"));
    case "schema": {
      const { buildApiSchema, printApiSchema } = await import("./schema.js");
      const sdl = printApiSchema(await buildApiSchema());
      if (rest[0]) await writeFile(rest[0], sdl);
      else process.stdout.write(sdl);
      return;
    }
    case "new-migration": {
      const { createMigration } = await import("./db/new-migration.js");
      const folder = await createMigration(rest[0] ?? "");
      console.log(folder ? `Wrote prisma/migrations/${folder}/migration.sql` : "prisma/schema.prisma has no changes to migrate.");
      return;
    }
    default:
      console.error(usage);
      process.exitCode = command ? 2 : 0;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
