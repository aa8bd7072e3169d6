// Where a season was popular: its national Top 10 weeks per country, scored, and rolled up by continent.
// Pure: no database, no GraphQL.
import { continents, countries, type TCountryCode } from "countries-list";

/**
 * A country's popularity points: each week in its Top 10 scores 11 − rank (10 for a No. 1, 1 for a No. 10).
 * Best rank alone ranks a single week at No. 1 above ten weeks at No. 2; summing rank-weighted weeks counts
 * both how high and how long. Netflix's national lists give ranks only (no hours), so ranks are all there is.
 */
export const pointsOfRank = (rank: number) => 11 - rank;

export interface Continent {
  code: string;
  name: string;
}

/**
 * A country's continent, from the `countries-list` package (maintained, MIT, ISO 3166-1 alpha-2 codes with a
 * continent each, no install script); null for a code it does not know.
 */
export function continentOf(code: string): Continent | null {
  const country = (countries as Record<string, { continent: keyof typeof continents } | undefined>)[code as TCountryCode];
  return country ? { code: country.continent, name: continents[country.continent] } : null;
}

export interface NationalWeek {
  region: string;
  rank: number;
  weekEnd: Date;
}

export interface CountryRunFigures {
  countryCode: string;
  weeks: number;
  bestRank: number;
  popularity: number;
  /** The Sundays ending its first and last week there. */
  firstWeek: Date;
  lastWeek: Date;
}

/** One run per country, most popular first (then more weeks, better rank, code). */
export function countryRunsOf(entries: readonly NationalWeek[]): CountryRunFigures[] {
  const byCountry = new Map<string, CountryRunFigures>();
  for (const entry of entries) {
    const run = byCountry.get(entry.region) ?? { countryCode: entry.region, weeks: 0, bestRank: entry.rank, popularity: 0, firstWeek: entry.weekEnd, lastWeek: entry.weekEnd };
    run.weeks += 1;
    if (entry.weekEnd < run.firstWeek) run.firstWeek = entry.weekEnd;
    if (entry.weekEnd > run.lastWeek) run.lastWeek = entry.weekEnd;
    run.bestRank = Math.min(run.bestRank, entry.rank);
    run.popularity += pointsOfRank(entry.rank);
    byCountry.set(entry.region, run);
  }
  return [...byCountry.values()].sort(
    (x, y) => y.popularity - x.popularity || y.weeks - x.weeks || x.bestRank - y.bestRank || x.countryCode.localeCompare(y.countryCode),
  );
}

export interface ContinentRunFigures {
  continent: Continent;
  /** Countries of the continent with a national list in the data. */
  countriesWithList: number;
  /** Of those, the ones where the season charted. */
  countriesCharted: number;
  /** Points summed over the continent's countries. */
  popularity: number;
  /** Points per country with a list (those where it never charted count 0), two decimals: continents of few and many lists compare. */
  averagePopularity: number;
  /** Its most popular country there. */
  topCountryCode: string;
}

/** Continent roll-ups of country runs, by average popularity per country with a list, highest first. */
export function continentRunsOf(runs: readonly CountryRunFigures[], countriesWithList: readonly string[]): ContinentRunFigures[] {
  const listed = new Map<string, number>();
  for (const code of countriesWithList) {
    const continent = continentOf(code);
    if (continent) listed.set(continent.code, (listed.get(continent.code) ?? 0) + 1);
  }
  const byContinent = new Map<string, ContinentRunFigures>();
  for (const run of runs) {
    const continent = continentOf(run.countryCode);
    if (!continent) continue;
    const roll = byContinent.get(continent.code) ?? {
      continent,
      countriesWithList: Math.max(listed.get(continent.code) ?? 0, 1),
      countriesCharted: 0,
      popularity: 0,
      averagePopularity: 0,
      topCountryCode: run.countryCode,
    };
    roll.countriesCharted += 1;
    roll.popularity += run.popularity;
    roll.countriesWithList = Math.max(roll.countriesWithList, roll.countriesCharted);
    byContinent.set(continent.code, roll);
  }
  for (const roll of byContinent.values()) roll.averagePopularity = Math.round((roll.popularity / roll.countriesWithList) * 100) / 100;
  return [...byContinent.values()].sort((x, y) => y.averagePopularity - x.averagePopularity || y.popularity - x.popularity || x.continent.code.localeCompare(y.continent.code));
}
