// Parsing and validating Netflix's Top 10 TSV files. Pure: the whole file is checked before
// anything is written, so a bad row stops the import with nothing half-done.

import { INT4_MAX, unstorableTextReason } from "../../common/storable.js";

export type Category = "TV_ENGLISH" | "TV_NON_ENGLISH" | "FILMS_ENGLISH" | "FILMS_NON_ENGLISH" | "TV" | "FILMS";

export interface ChartRow {
  line: number;
  category: Category;
  /** "GLOBAL" or the ISO 3166-1 alpha-2 code. */
  region: string;
  countryName: string | null;
  /** YYYY-MM-DD: the Sunday ending the week, and the Monday starting it. */
  weekEnd: string;
  weekStart: string;
  rank: number;
  showTitle: string;
  seasonTitle: string | null;
  hoursViewed: number | null;
  runtimeHours: string | null;
  /** Netflix's `weekly_views`, where the file has one. */
  views: number | null;
  cumulativeWeeks: number;
  isStaggeredLaunch: boolean | null;
  episodeLaunchDetails: string | null;
}

export interface ParsedFile {
  format: "global" | "country";
  rows: ChartRow[];
}

export class Top10FormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: string | null,
    readonly problem: string,
  ) {
    super(`${file}:${line}${column ? ` (column ${column})` : ""}: ${problem}`);
    this.name = "Top10FormatError";
  }
}

/** Netflix's names of the global lists (the files' `category`), and ours. */
export const GLOBAL_CATEGORIES: Record<string, Category> = {
  "TV (English)": "TV_ENGLISH",
  "TV (Non-English)": "TV_NON_ENGLISH",
  "Films (English)": "FILMS_ENGLISH",
  "Films (Non-English)": "FILMS_NON_ENGLISH",
};
/** A global list as Netflix names it: TV_ENGLISH → "TV (English)". */
export const LIST_NAMES: Record<string, string> = Object.fromEntries(Object.entries(GLOBAL_CATEGORIES).map(([name, category]) => [category, name]));
const COUNTRY_CATEGORIES: Record<string, Category> = { TV: "TV", Films: "FILMS" };

const GLOBAL_REQUIRED = ["week", "category", "weekly_rank", "show_title", "season_title", "weekly_hours_viewed", "cumulative_weeks_in_top_10"];
const COUNTRY_REQUIRED = ["country_name", "country_iso2", "week", "category", "weekly_rank", "show_title", "season_title", "cumulative_weeks_in_top_10"];

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** The first week Netflix published (the earliest in every file it has released): nothing charted before it. */
export const FIRST_TOP10_WEEK = "2021-07-04";
const FIRST_WEEK_MS = Date.parse(`${FIRST_TOP10_WEEK}T00:00:00Z`);
/** Titles as long as Netflix's (under 100 characters) with room to spare; longer ones are not titles. */
const MAX_TITLE_LENGTH = 500;
/** Netflix's launch notes run to about 1,800 characters (a staggered launch, episode by episode). */
const MAX_LAUNCH_DETAILS_LENGTH = 10_000;
/** `runtime` is stored as Decimal(9, 4): at most 5 digits before the point and 4 after. */
const RUNTIME = /^\d{1,5}(\.\d{1,4})?$/;

export function parseTop10(text: string, file: string): ParsedFile {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  if (lines.length === 0) throw new Top10FormatError(file, 1, null, "the file is empty");
  const header = lines[0]!.split("\t").map((name) => name.trim());
  const format = header.includes("country_iso2") ? "country" : "global";
  const required = format === "country" ? COUNTRY_REQUIRED : GLOBAL_REQUIRED;
  const missing = required.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    throw new Top10FormatError(file, 1, missing[0]!, `missing column(s) ${missing.join(", ")}; is this a Netflix Top 10 file?`);
  }
  const index = Object.fromEntries(header.map((name, position) => [name, position]));
  const categories = format === "country" ? COUNTRY_CATEGORIES : GLOBAL_CATEGORIES;

  const rows: ChartRow[] = [];
  for (let position = 1; position < lines.length; position += 1) {
    const line = position + 1;
    const cells = lines[position]!.split("\t");
    if (cells.length < header.length - 2 || cells.length > header.length) {
      throw new Top10FormatError(file, line, null, `expected ${header.length} tab-separated columns, found ${cells.length}`);
    }
    const cell = (name: string) => (index[name] === undefined ? "" : (cells[index[name]!] ?? "").trim());
    const fail = (name: string, problem: string): never => {
      throw new Top10FormatError(file, line, name, problem);
    };

    const week = cell("week");
    const weekDate = /^\d{4}-\d{2}-\d{2}$/.test(week) ? new Date(`${week}T00:00:00Z`) : null;
    if (!weekDate || Number.isNaN(weekDate.getTime()) || weekDate.toISOString().slice(0, 10) !== week) {
      fail("week", `"${week}" is not a date (YYYY-MM-DD)`);
    }
    if (weekDate!.getUTCDay() !== 0) fail("week", `${week} is not a Sunday (Netflix weeks end on Sundays)`);
    if (weekDate!.getTime() < FIRST_WEEK_MS) fail("week", `${week} is before ${FIRST_TOP10_WEEK}, the first week Netflix published`);
    // A week still under way may be published on its last day; one further ahead cannot have been measured.
    if (weekDate!.getTime() > Date.now() + WEEK_MS) fail("week", `${week} is more than a week in the future`);

    const category = categories[cell("category")] ?? fail("category", `unknown category "${cell("category")}"`);
    const rank = wholeNumber(cell("weekly_rank")) ?? fail("weekly_rank", `"${cell("weekly_rank")}" is not a whole number`);
    if (rank < 1 || rank > 10) fail("weekly_rank", `rank ${rank} is impossible in a Top 10`);
    const showTitle = cell("show_title") || fail("show_title", "empty show title");
    const rawSeason = cell("season_title");
    for (const name of ["show_title", "season_title"]) checkText(cell(name), MAX_TITLE_LENGTH, (problem) => fail(name, problem));
    const cumulativeWeeks =
      wholeNumber(cell("cumulative_weeks_in_top_10")) ??
      fail("cumulative_weeks_in_top_10", `"${cell("cumulative_weeks_in_top_10")}" is not a whole number`);
    if (cumulativeWeeks < 1) fail("cumulative_weeks_in_top_10", "must be at least 1");
    const weeksSoFar = Math.floor((weekDate!.getTime() - FIRST_WEEK_MS) / WEEK_MS) + 1;
    if (cumulativeWeeks > weeksSoFar) {
      fail("cumulative_weeks_in_top_10", `${cumulativeWeeks} weeks, but only ${weeksSoFar} had been published by ${week}`);
    }

    let hoursViewed: number | null = null;
    let region = "GLOBAL";
    let countryName: string | null = null;
    if (format === "global") {
      hoursViewed = wholeNumber(cell("weekly_hours_viewed")) ?? fail("weekly_hours_viewed", `"${cell("weekly_hours_viewed")}" is not a number of hours`);
      if (hoursViewed > INT4_MAX) fail("weekly_hours_viewed", `${hoursViewed} hours is more than the ${INT4_MAX} a row can hold`);
    } else {
      region = cell("country_iso2").toUpperCase();
      if (!/^[A-Z]{2}$/.test(region)) fail("country_iso2", `"${cell("country_iso2")}" is not an ISO 3166-1 alpha-2 code`);
      countryName = cell("country_name") || fail("country_name", "empty country name");
    }
    const runtime = cell("runtime");
    if (runtime !== "" && !/^\d+(\.\d+)?$/.test(runtime)) fail("runtime", `"${runtime}" is not a number of hours`);
    if (runtime !== "" && !RUNTIME.test(runtime)) fail("runtime", `${runtime} hours does not fit: at most 99999.9999, with 4 decimals`);
    const views = cell("weekly_views");
    if (views !== "" && wholeNumber(views) === null) fail("weekly_views", `"${views}" is not a whole number`);
    if (views !== "" && Number(views) > INT4_MAX) fail("weekly_views", `${views} views is more than the ${INT4_MAX} a row can hold`);
    const staggered = cell("is_staggered_launch").toLowerCase();
    if (!["", "true", "false"].includes(staggered)) fail("is_staggered_launch", `"${staggered}" is not true or false`);
    const launchDetails = cell("episode_launch_details") || cell("episode_launch_dtls");
    checkText(launchDetails, MAX_LAUNCH_DETAILS_LENGTH, (problem) => fail(index.episode_launch_details === undefined ? "episode_launch_dtls" : "episode_launch_details", problem));

    rows.push({
      line,
      category,
      region,
      countryName,
      weekEnd: week,
      weekStart: new Date(weekDate!.getTime() - 6 * DAY_MS).toISOString().slice(0, 10),
      rank,
      showTitle,
      seasonTitle: rawSeason === "" || rawSeason === "N/A" ? null : rawSeason,
      hoursViewed,
      runtimeHours: runtime === "" ? null : runtime,
      views: views === "" ? null : Number(views),
      cumulativeWeeks,
      isStaggeredLaunch: staggered === "" ? null : staggered === "true",
      episodeLaunchDetails: launchDetails === "" ? null : launchDetails,
    });
  }
  const seen = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.category}|${row.region}|${row.weekEnd}|${row.rank}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new Top10FormatError(file, row.line, "weekly_rank", `duplicates line ${first}: rank ${row.rank} of ${row.weekEnd} again`);
    }
    seen.set(key, row.line);
  }
  return { format, rows };
}

/** Text a column can hold, and of a sensible length. */
function checkText(text: string, maxLength: number, fail: (problem: string) => never): void {
  if (text.length > maxLength) fail(`${text.length} characters; at most ${maxLength}`);
  const reason = unstorableTextReason(text);
  if (reason) fail(`contains ${reason}`);
}

function wholeNumber(text: string): number | null {
  return /^\d{1,15}$/.test(text) ? Number(text) : null;
}
