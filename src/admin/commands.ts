import type { Logger } from "pino";
import { importTop10, type ImportProgress } from "../charts/import/importer.js";
import { importMetadata } from "../metadata/importer.js";
import { formatReport } from "../metadata/report.js";
import { PASSWORD_RESET_COMMAND, disableDevelopmentAccounts, resetPassword } from "../auth/account-safety.js";
import { createUserAccount, ensureBootstrapAdmin } from "../auth/user.service.js";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { assertMigrationsApplied } from "../db/migration-status.js";
import { isDatabaseEmpty, seedDatabase } from "../db/seed.js";
import type { AdminCommand } from "./command-schema.js";
import { backtestCommand, trainCommand } from "../charts/outlook/commands.js";

// The CLI's database commands, run either in the CLI's own process (admin/local.ts) or, while a server holds
// the embedded database, inside that server (admin/channel.ts): one implementation for both.

/** What a database needs before it is used: migrations checked, the first admin, the seed when empty, no open development accounts in production. */
export async function prepareDatabase(
  database: Database,
  config: Config,
  logger: Logger,
  options: { seedWhenEmpty: boolean } = { seedWhenEmpty: true },
): Promise<void> {
  await assertMigrationsApplied(database.prisma);
  if (options.seedWhenEmpty && config.seedOnStart && (await isDatabaseEmpty(database.prisma))) {
    await seedDatabase(database.prisma, { developmentUsers: config.developmentAccounts });
    logger.info("Seeded an empty database");
  }
  // Before the configured admin: a revoked development admin must not stand in for it.
  if (config.mode === "production") {
    const disabled = await disableDevelopmentAccounts(database.prisma);
    if (disabled.length > 0) {
      logger.warn(
        { accounts: disabled, resetPassword: PASSWORD_RESET_COMMAND },
        "Revoked the development accounts that had the published development password: this is production",
      );
    }
  }
  const admin = config.auth.bootstrapAdmin;
  if (!admin) return;
  if (await ensureBootstrapAdmin(database.prisma, admin)) {
    logger.info({ email: admin.email }, "Created the first admin from ADMIN_EMAIL");
    return;
  }
  const admins = await database.prisma.user.findMany({
    where: { role: "ADMIN", revokedAt: null },
    select: { email: true },
    orderBy: { id: "asc" },
  });
  const own = admins.some((user) => user.email === admin.email.toLowerCase());
  logger.warn(
    { email: admin.email, admins: admins.map((user) => user.email), resetPassword: PASSWORD_RESET_COMMAND },
    own
      ? "ADMIN_EMAIL's account already exists: ADMIN_PASSWORD only creates it and never changes it; to reset its password, run resetPassword"
      : "ADMIN_EMAIL was not created: an admin already exists; sign in as one of the admins, or reset a password with resetPassword",
  );
}

/** Runs one command; `print` receives the lines meant for the operator. */
export async function runAdminCommand(
  database: Database,
  config: Config,
  command: AdminCommand,
  print: (line: string) => void,
  onProgress?: (file: string) => ImportProgress | undefined,
  /** Receives a command's file output (the metadata import's match report). */
  attach?: (content: string) => void,
): Promise<void> {
  switch (command.name) {
    case "migrate":
      print("Migrations applied.");
      return;
    case "seed":
      await seedDatabase(database.prisma, { developmentUsers: config.developmentAccounts });
      print(config.developmentAccounts ? "Seed loaded, with the development accounts." : "Seed loaded.");
      return;
    case "import-top10":
      for (const { file, text } of command.files) {
        const started = Date.now();
        const summary = await importTop10(database.prisma, text, { file, actorId: null, onProgress: onProgress?.(file), allowOlder: command.allowOlder });
        const seconds = (Date.now() - started) / 1000;
        for (const warning of summary.warnings) print(`warning: ${warning}`);
        print(
          `${file}: ${summary.rowsRead} rows read (${summary.format}), ${summary.created} created, ` +
            `${summary.updated} updated, ${summary.unchanged} unchanged; ${summary.showsCreated} shows and ` +
            `${summary.seasonsCreated} seasons created, ${summary.showsRemoved} emptied shows removed; ` +
            `${seconds.toFixed(1)} s (${Math.round(summary.rowsRead / seconds)} rows/s)`,
        );
      }
      return;
    case "import:metadata": {
      const reports = [];
      for (const { file, text } of command.files) {
        const started = Date.now();
        const summary = await importMetadata(database.prisma, text, { file, source: command.source, actorId: null, onProgress: onProgress?.(file) });
        const seconds = (Date.now() - started) / 1000;
        for (const warning of summary.warnings) print(`note: ${warning}`);
        const reasons = summary.unmatchedReasons.map((entry) => `${entry.count} ${entry.reason}`).join(", ");
        print(
          `${file} (${summary.source}): ${summary.rowsRead} rows read; ${summary.matched} matched a show (${summary.matchedByExternalId} by stored id), ` +
            `${summary.unmatched} unmatched${reasons ? ` (${reasons})` : ""}, ${summary.ambiguous} ambiguous refused; ` +
            `${summary.fieldsFilled} fields filled, ${summary.fieldsRefreshed} refreshed, ${summary.fieldsKept} kept from other sources, ` +
            `${summary.fieldsSkippedForEditors} skipped because an editor set them; ${summary.peopleCreated} people and ` +
            `${summary.companiesCreated} companies created, ${summary.creditsAdded} credits, ${summary.companyLinksAdded} company links and ` +
            `${summary.seasonsCreated} seasons added; ${summary.changes} changes; ${seconds.toFixed(1)} s`,
        );
        reports.push(...summary.report.map((entry) => ({ file, ...entry })));
      }
      if (command.report) attach?.(formatReport(reports, command.report));
      return;
    }
    case "user:create": {
      const user = await createUserAccount(database.prisma, command.account, null);
      print(`Created ${user.role} ${user.email} (id ${user.id}).`);
      return;
    }
    case "user:password": {
      const user = await resetPassword(database.prisma, command.email, command.password);
      print(`Set a new password for ${user.email} (id ${user.id}); its earlier tokens no longer work.`);
      return;
    }
    case "outlook:train":
      return trainCommand(database.prisma, command.out, print);
    case "outlook:backtest":
      return backtestCommand(database.prisma, { out: command.out, json: command.json }, print);
  }
}
