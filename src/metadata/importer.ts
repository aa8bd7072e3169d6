import { recordAudit } from "../common/audit.js";
import { globalId } from "../common/node.js";
import { publicContentChanged } from "../common/public-content.js";
import { slugFromTitle } from "../articles/slug.js";
import { normalizedTitle } from "../charts/import/titles.js";
import type { Prisma, PrismaClient } from "../db/prisma.js";
import { holdImports } from "../charts/import/lock.js";
import { matchRecords, ShowIndex, type CandidateShow, type MatchOutcome } from "./match.js";
import { parseMetadataFile, type ImportedField, type MetadataRecord, type MetadataSource, type ShowFieldValues } from "./sources.js";
import { recordImportProvenance, type ProvenanceRow } from "../provenance/import-provenance.js";

type Tx = Prisma.TransactionClient;

export interface ReportCandidate {
  /** The show's global id, as the API names it (the report also travels as JSON and CSV). */
  id: string;
  slug: string;
  title: string;
  year: number | null;
}

export interface FieldConflict {
  field: string;
  current: string;
  offered: string;
}

/** One row of the match report: a row that did not match cleanly, for an editor to act on. */
export interface MatchReportEntry {
  line: number;
  title: string;
  kind: "SERIES" | "FILM";
  year: number | null;
  externalId: string | null;
  outcome: "UNMATCHED" | "AMBIGUOUS" | "CONFLICT";
  /** UNMATCHED: NO_SUCH_TITLE, WRONG_KIND, YEAR_MISMATCH or DUPLICATE_ROW; AMBIGUOUS: AMBIGUOUS; CONFLICT: EDITOR_SET. */
  reason: string;
  detail: string;
  /** The matched show (CONFLICT). */
  show: ReportCandidate | null;
  candidates: ReportCandidate[];
  conflicts: FieldConflict[];
}

export interface MetadataImportSummary {
  file: string;
  source: MetadataSource;
  rowsRead: number;
  matched: number;
  matchedByExternalId: number;
  unmatched: number;
  ambiguous: number;
  unmatchedReasons: { reason: string; count: number }[];
  /** Fields that were empty and now hold the file's value. */
  fieldsFilled: number;
  /** Fields this file had set before, updated to its new value. */
  fieldsRefreshed: number;
  /** Fields already set by the seed or another file: left as they are. */
  fieldsKept: number;
  /** Fields an editor set, left alone although the file offers another value (listed in the report as CONFLICT). */
  fieldsSkippedForEditors: number;
  peopleCreated: number;
  companiesCreated: number;
  creditsAdded: number;
  companyLinksAdded: number;
  seasonsCreated: number;
  externalIdsStored: number;
  /** Everything written: 0 for a re-import of the same file. */
  changes: number;
  /** Values of the file that were not usable (an unknown country, a shifted cell) and were left out. */
  valuesLeftOut: number;
  warnings: string[];
  report: MatchReportEntry[];
}

export type MetadataProgress = (stage: string, done: number, total: number) => void;

export interface MetadataImportOptions {
  file: string;
  source?: MetadataSource;
  actorId: number | null;
  onProgress?: MetadataProgress;
}

const SHOW_FIELDS: ImportedField[] = ["synopsis", "genres", "originalLanguage", "countries", "runtimeMinutes", "premiereDate", "contentRating"];
const MAX_WARNINGS = 20;
/** Progress is reported per step: read, matched, show fields written, lists and provenance written. */
const STEPS = 4;

type ShowRow = {
  id: number;
  slug: string;
  title: string;
  kind: string;
  premiereDate: Date | null;
  synopsis: string | null;
  genres: string[];
  originalLanguage: string | null;
  countries: string[];
  runtimeMinutes: number | null;
  contentRating: string | null;
};

const comparable = (value: unknown): string => {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
};
const isEmpty = (value: unknown) => value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
const shown = (value: unknown) => (Array.isArray(value) ? value.join(", ") : comparable(value));

/**
 * Imports one metadata file (TMDB, Wikipedia's list of Netflix originals or the Kaggle titles file), all or nothing:
 * parsed and validated whole, then matched and written in bulk in one transaction. It fills a show's empty fields,
 * refreshes the values it set itself, never touches what an editor set (reported as a conflict) and leaves what
 * the seed or another file set. Re-importing the same file changes nothing.
 */
export async function importMetadata(prisma: PrismaClient, text: string, options: MetadataImportOptions): Promise<MetadataImportSummary> {
  const progress = options.onProgress ?? (() => {});
  const { source, records } = parseMetadataFile(text, options.file, options.source);
  progress("parsed", 1, STEPS);
  const summary = await prisma.$transaction(
    async (tx) => {
      // One import at a time, Top 10 or metadata: a Top 10 import creates and removes the shows this one matches.
      await holdImports(tx);
      const { shows, index } = await loadShows(tx, source);
      const outcomes = matchRecords(records, index);
      progress("matched", 2, STEPS);
      const result = await applyMatches(tx, { source, file: options.file, records, outcomes, shows, progress });
      await recordAudit(tx, {
        actorId: options.actorId,
        action: "metadata.imported",
        entityType: "ChartImport",
        entityId: 0,
        details: { ...result, report: undefined, reportEntries: result.report.length } as unknown as Prisma.InputJsonObject,
      });
      return result;
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
  if (summary.changes > 0) publicContentChanged();
  return summary;
}

async function loadShows(tx: Tx, source: MetadataSource): Promise<{ shows: Map<number, ShowRow>; index: ShowIndex }> {
  const rows = await tx.show.findMany({
    select: {
      id: true, slug: true, title: true, kind: true, premiereDate: true, synopsis: true, genres: true, originalLanguage: true,
      countries: true, runtimeMinutes: true, contentRating: true,
    },
  });
  const firstCharted = await tx.$queryRaw<{ showId: number; year: number }[]>`
    SELECT "showId", extract(year FROM min("weekEnd"))::int AS year FROM "ChartEntry" GROUP BY "showId"`;
  const chartYear = new Map(firstCharted.map((row) => [row.showId, row.year]));
  const ids = await tx.showExternalId.findMany({ where: { source: source.toLowerCase() }, select: { showId: true, externalId: true } });
  const idOf = new Map(ids.map((row) => [row.showId, row.externalId]));
  const candidates: CandidateShow[] = rows.map((show) => ({
    id: show.id,
    slug: show.slug,
    title: show.title,
    family: show.kind === "FILM" ? "film" : "tv",
    premiereYear: show.premiereDate ? show.premiereDate.getUTCFullYear() : null,
    firstChartYear: chartYear.get(show.id) ?? null,
    externalId: idOf.get(show.id) ?? null,
  }));
  return { shows: new Map(rows.map((show) => [show.id, show as ShowRow])), index: new ShowIndex(candidates) };
}

interface Work {
  source: MetadataSource;
  file: string;
  records: MetadataRecord[];
  outcomes: MatchOutcome[];
  shows: Map<number, ShowRow>;
  progress: MetadataProgress;
}

async function applyMatches(tx: Tx, work: Work): Promise<MetadataImportSummary> {
  const { source, file, records, outcomes, shows } = work;
  const candidate = (show: CandidateShow): ReportCandidate => ({ id: globalId("Show", show.id), slug: show.slug, title: show.title, year: show.premiereYear ?? show.firstChartYear });
  const report: MatchReportEntry[] = [];
  const entryOf = (record: MetadataRecord, rest: Omit<MatchReportEntry, "line" | "title" | "kind" | "year" | "externalId">): MatchReportEntry => ({
    line: record.line,
    title: record.title,
    kind: record.family === "film" ? "FILM" : "SERIES",
    year: record.year,
    externalId: record.externalId,
    ...rest,
  });
  const reasons = new Map<string, number>();
  const matched: { record: MetadataRecord; show: ShowRow; byExternalId: boolean }[] = [];
  outcomes.forEach((outcome, position) => {
    const record = records[position]!;
    if (outcome.outcome === "MATCHED") matched.push({ record, show: shows.get(outcome.show.id)!, byExternalId: outcome.byExternalId });
    else if (outcome.outcome === "UNMATCHED") {
      reasons.set(outcome.reason, (reasons.get(outcome.reason) ?? 0) + 1);
      report.push(entryOf(record, { outcome: "UNMATCHED", reason: outcome.reason, detail: outcome.detail, show: null, candidates: outcome.candidates.map(candidate), conflicts: [] }));
    } else {
      report.push(entryOf(record, { outcome: "AMBIGUOUS", reason: "AMBIGUOUS", detail: outcome.detail, show: null, candidates: outcome.candidates.map(candidate), conflicts: [] }));
    }
  });

  const showIds = matched.map(({ show }) => show.id);
  const provenance = await tx.fieldProvenance.findMany({
    where: { entityType: "Show", entityId: { in: showIds } },
    select: { entityId: true, field: true, origin: true, file: true },
  });
  const originOf = new Map(provenance.map((row) => [`${row.entityId}#${row.field}`, row]));
  const editorOwns = (showId: number, field: string) => originOf.get(`${showId}#${field}`)?.origin === "EDITOR";

  const counts = { filled: 0, refreshed: 0, kept: 0, editor: 0 };
  const updates: { id: number; values: ShowFieldValues }[] = [];
  const provenanceRows: ProvenanceRow[] = [];
  const conflictsOf = new Map<MetadataRecord, FieldConflict[]>();
  const conflict = (record: MetadataRecord, field: string, current: unknown, offered: unknown) => {
    counts.editor += 1;
    conflictsOf.set(record, [...(conflictsOf.get(record) ?? []), { field, current: shown(current), offered: shown(offered) }]);
  };
  for (const { record, show } of matched) {
    const values: ShowFieldValues = {};
    for (const field of SHOW_FIELDS) {
      const offered = record.fields[field];
      if (offered === undefined) continue;
      const current = show[field];
      if (comparable(current) === comparable(offered)) continue;
      const origin = originOf.get(`${show.id}#${field}`);
      if (origin?.origin === "EDITOR") conflict(record, field, current, offered);
      else if (isEmpty(current)) counts.filled += 1;
      else if (origin?.origin === "IMPORT" && origin.file === file) counts.refreshed += 1;
      else {
        counts.kept += 1;
        continue;
      }
      if (origin?.origin === "EDITOR") continue;
      (values as Record<string, unknown>)[field] = offered;
      provenanceRows.push({ entityType: "Show", entityId: show.id, field, line: record.line });
    }
    if (Object.keys(values).length > 0) updates.push({ id: show.id, values });
  }
  await updateShows(tx, updates);
  work.progress("fields", 3, STEPS);

  const externalIdsStored = await storeExternalIds(tx, source, matched.filter((entry) => !entry.byExternalId && entry.record.externalId));
  const companies = await linkCompanies(tx, matched, { editorOwns, conflict, provenanceRows });
  const credits = await addCredits(tx, matched, { editorOwns, conflict, provenanceRows });
  const seasonsCreated = await createSeasons(tx, matched, { editorOwns, conflict, provenanceRows });
  await recordImportProvenance(tx, file, provenanceRows);
  work.progress("written", 4, STEPS);

  for (const { record, show } of matched) {
    const conflicts = conflictsOf.get(record);
    if (!conflicts) continue;
    report.push(entryOf(record, {
      outcome: "CONFLICT",
      reason: "EDITOR_SET",
      detail: `an editor set ${conflicts.map((entry) => entry.field).join(", ")}; the file's values were not written`,
      show: { id: globalId("Show", show.id), slug: show.slug, title: show.title, year: show.premiereDate?.getUTCFullYear() ?? null },
      candidates: [],
      conflicts,
    }));
  }
  report.sort((a, b) => a.line - b.line);
  const notes = records.flatMap((record) => record.notes.map((note) => `${file}:${record.line}: ${note}`));
  const fieldsWritten = counts.filled + counts.refreshed;
  return {
    file,
    source,
    rowsRead: records.length,
    matched: matched.length,
    matchedByExternalId: matched.filter((entry) => entry.byExternalId).length,
    unmatched: [...reasons.values()].reduce((sum, count) => sum + count, 0),
    ambiguous: outcomes.filter((outcome) => outcome.outcome === "AMBIGUOUS").length,
    unmatchedReasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => a.reason.localeCompare(b.reason)),
    fieldsFilled: counts.filled,
    fieldsRefreshed: counts.refreshed,
    fieldsKept: counts.kept,
    fieldsSkippedForEditors: counts.editor,
    peopleCreated: credits.peopleCreated,
    companiesCreated: companies.created,
    creditsAdded: credits.added,
    companyLinksAdded: companies.linked,
    seasonsCreated,
    externalIdsStored,
    changes: fieldsWritten + credits.peopleCreated + credits.added + companies.created + companies.linked + seasonsCreated + externalIdsStored,
    valuesLeftOut: notes.length,
    warnings: [
      ...notes.slice(0, MAX_WARNINGS),
      ...(notes.length > MAX_WARNINGS ? [`... and ${notes.length - MAX_WARNINGS} more values left out`] : []),
    ],
    report,
  };
}

/**
 * All changed shows in one UPDATE fed by unnest() arrays; a flag per field says whether to set it. List fields
 * travel as JSON text, because unnest() cannot take arrays of arrays of different lengths.
 */
async function updateShows(tx: Tx, updates: { id: number; values: ShowFieldValues }[]): Promise<void> {
  if (updates.length === 0) return;
  const column = <T>(pick: (values: ShowFieldValues) => T) => updates.map((update) => pick(update.values));
  const has = (field: ImportedField) => column((values) => values[field] !== undefined);
  await tx.$executeRaw`
    UPDATE "Show" s SET
      synopsis = CASE WHEN i.s1 THEN i.synopsis ELSE s.synopsis END,
      genres = CASE WHEN i.s2 THEN ARRAY(SELECT jsonb_array_elements_text(i.genres::jsonb)) ELSE s.genres END,
      "originalLanguage" = CASE WHEN i.s3 THEN i.language ELSE s."originalLanguage" END,
      countries = CASE WHEN i.s4 THEN ARRAY(SELECT jsonb_array_elements_text(i.countries::jsonb)) ELSE s.countries END,
      "runtimeMinutes" = CASE WHEN i.s5 THEN i.runtime ELSE s."runtimeMinutes" END,
      "premiereDate" = CASE WHEN i.s6 THEN i.premiere ELSE s."premiereDate" END,
      "contentRating" = CASE WHEN i.s7 THEN i.rating ELSE s."contentRating" END,
      "updatedAt" = (now() AT TIME ZONE 'UTC')
    FROM unnest(
      ${updates.map((update) => update.id)}::int[],
      ${has("synopsis")}::boolean[], ${column((values) => values.synopsis ?? null)}::text[],
      ${has("genres")}::boolean[], ${column((values) => JSON.stringify(values.genres ?? []))}::text[],
      ${has("originalLanguage")}::boolean[], ${column((values) => values.originalLanguage ?? null)}::text[],
      ${has("countries")}::boolean[], ${column((values) => JSON.stringify(values.countries ?? []))}::text[],
      ${has("runtimeMinutes")}::boolean[], ${column((values) => values.runtimeMinutes ?? null)}::int[],
      ${has("premiereDate")}::boolean[], ${column((values) => values.premiereDate ?? null)}::date[],
      ${has("contentRating")}::boolean[], ${column((values) => values.contentRating ?? null)}::text[]
    ) AS i(id, s1, synopsis, s2, genres, s3, language, s4, countries, s5, runtime, s6, premiere, s7, rating)
    WHERE s.id = i.id`;
}

async function storeExternalIds(tx: Tx, source: MetadataSource, entries: { record: MetadataRecord; show: ShowRow }[]): Promise<number> {
  if (entries.length === 0) return 0;
  const stored = await tx.showExternalId.createMany({
    data: entries.map(({ record, show }) => ({ source: source.toLowerCase(), externalId: record.externalId!, showId: show.id })),
    skipDuplicates: true,
  });
  return stored.count;
}

interface ListContext {
  editorOwns(showId: number, field: string): boolean;
  conflict(record: MetadataRecord, field: string, current: unknown, offered: unknown): void;
  provenanceRows: ProvenanceRow[];
}

/** Slugs free among `taken`, for new names (adds them to `taken`). */
function freeSlugs(names: string[], taken: Set<string>, fallback: string): string[] {
  return names.map((name) => {
    const base = slugFromTitle(name) === "article" ? fallback : slugFromTitle(name);
    let slug = base;
    for (let suffix = 2; taken.has(slug); suffix += 1) slug = `${base}-${suffix}`;
    taken.add(slug);
    return slug;
  });
}

/**
 * TMDB's production companies: found by normalized name or created, then linked to the show where the link is
 * missing. A company list an editor curated on the show is theirs: the file's companies are reported instead.
 */
async function linkCompanies(tx: Tx, matched: { record: MetadataRecord; show: ShowRow }[], context: ListContext): Promise<{ created: number; linked: number }> {
  const wanted = matched.filter(({ record }) => record.companies.length > 0);
  if (wanted.length === 0) return { created: 0, linked: 0 };
  const existing = await tx.productionCompany.findMany({ select: { id: true, name: true, slug: true }, orderBy: { id: "asc" } });
  const byName = new Map<string, number>();
  for (const company of existing) if (!byName.has(normalizedTitle(company.name))) byName.set(normalizedTitle(company.name), company.id);
  const links = await tx.showProductionCompany.findMany({ where: { showId: { in: wanted.map(({ show }) => show.id) } } });
  const linked = new Set(links.map((link) => `${link.showId}#${link.companyId}`));
  const namesOf = new Map<number, string[]>();
  for (const link of links) {
    const company = existing.find((row) => row.id === link.companyId);
    if (company) namesOf.set(link.showId, [...(namesOf.get(link.showId) ?? []), company.name]);
  }
  const allowed = wanted.filter(({ record, show }) => {
    if (!context.editorOwns(show.id, "productionCompanies")) return true;
    const missing = record.companies.filter((name) => {
      const id = byName.get(normalizedTitle(name));
      return id === undefined || !linked.has(`${show.id}#${id}`);
    });
    if (missing.length > 0) context.conflict(record, "productionCompanies", namesOf.get(show.id) ?? [], record.companies);
    return false;
  });
  const newNames = new Map<string, { name: string; line: number }>();
  for (const { record } of allowed) {
    for (const name of record.companies) {
      const key = normalizedTitle(name);
      if (!byName.has(key) && !newNames.has(key) && key) newNames.set(key, { name, line: record.line });
    }
  }
  const taken = new Set(existing.map((company) => company.slug));
  const fresh = [...newNames.values()];
  const slugs = freeSlugs(fresh.map((entry) => entry.name), taken, "company");
  const created = fresh.length
    ? await tx.productionCompany.createManyAndReturn({ data: fresh.map((entry, position) => ({ name: entry.name, slug: slugs[position]! })), select: { id: true, name: true } })
    : [];
  created.forEach((company, position) => {
    byName.set(normalizedTitle(company.name), company.id);
    context.provenanceRows.push({ entityType: "ProductionCompany", entityId: company.id, field: "name", line: fresh[position]!.line });
  });
  const newLinks: { showId: number; companyId: number }[] = [];
  for (const { record, show } of allowed) {
    let added = false;
    for (const name of record.companies) {
      const companyId = byName.get(normalizedTitle(name));
      if (companyId === undefined || linked.has(`${show.id}#${companyId}`)) continue;
      linked.add(`${show.id}#${companyId}`);
      newLinks.push({ showId: show.id, companyId });
      added = true;
    }
    if (added) context.provenanceRows.push({ entityType: "Show", entityId: show.id, field: "productionCompanies", line: record.line });
  }
  if (newLinks.length) await tx.showProductionCompany.createMany({ data: newLinks, skipDuplicates: true });
  return { created: created.length, linked: newLinks.length };
}

/**
 * The Kaggle file's cast and directors: each person found by normalized name or created, and credited where the
 * show lacks that credit. Billing order is the file's order. A credit list an editor curated is left alone.
 */
async function addCredits(tx: Tx, matched: { record: MetadataRecord; show: ShowRow }[], context: ListContext): Promise<{ peopleCreated: number; added: number }> {
  const wanted = matched.filter(({ record }) => record.credits.length > 0);
  if (wanted.length === 0) return { peopleCreated: 0, added: 0 };
  const people = await tx.person.findMany({ select: { id: true, name: true, slug: true }, orderBy: { id: "asc" } });
  const byName = new Map<string, number>();
  for (const person of people) if (!byName.has(normalizedTitle(person.name))) byName.set(normalizedTitle(person.name), person.id);
  const existing = await tx.credit.findMany({ where: { showId: { in: wanted.map(({ show }) => show.id) } }, select: { showId: true, personId: true, role: true } });
  const credited = new Set(existing.map((credit) => `${credit.showId}#${credit.personId}#${credit.role}`));
  const allowed = wanted.filter(({ record, show }) => {
    if (!context.editorOwns(show.id, "credits")) return true;
    const missing = record.credits.filter((credit) => {
      const id = byName.get(normalizedTitle(credit.name));
      return id === undefined || !credited.has(`${show.id}#${id}#${credit.role}`);
    });
    if (missing.length > 0) context.conflict(record, "credits", `${existing.filter((credit) => credit.showId === show.id).length} credits`, missing.map((credit) => `${credit.name} (${credit.role})`));
    return false;
  });
  const newPeople = new Map<string, { name: string; line: number }>();
  for (const { record } of allowed) {
    for (const { name } of record.credits) {
      const key = normalizedTitle(name);
      if (key && !byName.has(key) && !newPeople.has(key)) newPeople.set(key, { name, line: record.line });
    }
  }
  const fresh = [...newPeople.values()];
  const slugs = freeSlugs(fresh.map((entry) => entry.name), new Set(people.map((person) => person.slug)), "person");
  const created = fresh.length
    ? await tx.person.createManyAndReturn({ data: fresh.map((entry, position) => ({ name: entry.name, slug: slugs[position]! })), select: { id: true, name: true } })
    : [];
  created.forEach((person, position) => {
    byName.set(normalizedTitle(person.name), person.id);
    context.provenanceRows.push({ entityType: "Person", entityId: person.id, field: "name", line: fresh[position]!.line });
  });
  const credits: { showId: number; personId: number; role: "CAST" | "DIRECTOR"; position: number }[] = [];
  for (const { record, show } of allowed) {
    const positions = { CAST: 0, DIRECTOR: 0 };
    let added = false;
    for (const { name, role } of record.credits) {
      const personId = byName.get(normalizedTitle(name));
      const position = positions[role]++;
      if (personId === undefined || credited.has(`${show.id}#${personId}#${role}`)) continue;
      credited.add(`${show.id}#${personId}#${role}`);
      credits.push({ showId: show.id, personId, role, position });
      added = true;
    }
    if (added) context.provenanceRows.push({ entityType: "Show", entityId: show.id, field: "credits", line: record.line });
  }
  for (let start = 0; start < credits.length; start += 5000) await tx.credit.createMany({ data: credits.slice(start, start + 5000) });
  return { peopleCreated: created.length, added: credits.length };
}

/** Wikipedia's season count: the seasons a series lacks (1..N) are created. Films and specials have none. */
async function createSeasons(tx: Tx, matched: { record: MetadataRecord; show: ShowRow }[], context: ListContext): Promise<number> {
  const wanted = matched.filter(({ record, show }) => record.seasons !== null && record.seasons > 0 && show.kind !== "FILM" && show.kind !== "SPECIAL");
  if (wanted.length === 0) return 0;
  const existing = await tx.season.findMany({ where: { showId: { in: wanted.map(({ show }) => show.id) } }, select: { showId: true, number: true } });
  const numbers = new Set(existing.map((season) => `${season.showId}#${season.number}`));
  const data: { showId: number; number: number; line: number }[] = [];
  for (const { record, show } of wanted) {
    const missing = Array.from({ length: record.seasons! }, (_, index) => index + 1).filter((number) => !numbers.has(`${show.id}#${number}`));
    if (missing.length === 0) continue;
    if (context.editorOwns(show.id, "seasons")) {
      context.conflict(record, "seasons", existing.filter((season) => season.showId === show.id).length, record.seasons);
      continue;
    }
    for (const number of missing) data.push({ showId: show.id, number, line: record.line });
    context.provenanceRows.push({ entityType: "Show", entityId: show.id, field: "seasons", line: record.line });
  }
  if (data.length === 0) return 0;
  const created = await tx.season.createManyAndReturn({ data: data.map(({ showId, number }) => ({ showId, number })), select: { id: true, showId: true, number: true } });
  const lineOf = new Map(data.map((entry) => [`${entry.showId}#${entry.number}`, entry.line]));
  for (const season of created) context.provenanceRows.push({ entityType: "Season", entityId: season.id, field: "number", line: lineOf.get(`${season.showId}#${season.number}`)! });
  return created.length;
}
