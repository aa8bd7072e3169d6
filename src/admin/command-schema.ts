import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "../auth/password.js";

/**
 * The administrative commands of the CLI, as they travel to a running server (admin/channel.ts) or are run
 * in the CLI's own process (admin/commands.ts). Kept apart from their implementation so that sending one
 * loads nothing but this.
 */
const email = z.string().regex(/^[^@\s]+@[^@\s]+$/, "--email must be an email address");
const password = z.string().min(MIN_PASSWORD_LENGTH, `--password must be at least ${MIN_PASSWORD_LENGTH} characters`);

export const adminCommandSchema = z.discriminatedUnion("name", [
  z.object({ name: z.literal("migrate") }),
  z.object({ name: z.literal("seed") }),
  z.object({
    name: z.literal("import-top10"),
    files: z.array(z.object({ file: z.string(), text: z.string() })).min(1),
    allowOlder: z.boolean().default(false),
  }),
  z.object({
    name: z.literal("import:metadata"),
    files: z.array(z.object({ file: z.string(), text: z.string() })).min(1),
    source: z.enum(["TMDB", "WIKIPEDIA", "KAGGLE"], { error: "--source must be tmdb, wikipedia or kaggle" }).optional(),
    /** Whether to send back the match report, and as what (the CLI writes it to --report FILE). */
    report: z.enum(["csv", "json"]).optional(),
  }),
  z.object({
    name: z.literal("user:create"),
    account: z.object({ email, password, role: z.enum(["ADMIN", "EDITOR", "WRITER"]), name: z.string().min(1) }),
  }),
  z.object({ name: z.literal("user:password"), email, password }),
  z.object({ name: z.literal("outlook:train"), out: z.string().optional() }),
  z.object({ name: z.literal("outlook:backtest"), out: z.string().optional(), json: z.boolean().default(false) }),
]);
export type AdminCommand = z.infer<typeof adminCommandSchema>;

