import { stringify } from "csv-stringify/sync";
import type { MatchReportEntry } from "./importer.js";

/** The match report as CSV (one line per row of the file to act on) or JSON, for `import:metadata --report FILE`. */
export function formatReport(entries: (MatchReportEntry & { file: string })[], format: "csv" | "json"): string {
  if (format === "json") return `${JSON.stringify(entries, null, 2)}\n`;
  const describe = (candidates: MatchReportEntry["candidates"]) => candidates.map((show) => `${show.slug} (${show.title}${show.year ? `, ${show.year}` : ""})`).join("; ");
  return stringify(
    entries.map((entry) => [
      entry.file, entry.line, entry.outcome, entry.reason, entry.title, entry.kind, entry.year ?? "", entry.externalId ?? "", entry.detail,
      entry.show?.slug ?? "", describe(entry.candidates),
      entry.conflicts.map((conflict) => `${conflict.field}: kept "${conflict.current}", file offered "${conflict.offered}"`).join("; "),
    ]),
    { header: true, columns: ["file", "line", "outcome", "reason", "title", "kind", "year", "externalId", "detail", "show", "candidates", "conflicts"] },
  );
}
