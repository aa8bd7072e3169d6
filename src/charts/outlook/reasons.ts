// The model's own contributions, grouped and put in words with the real weeks and figures. Pure.
import { listName, quantity } from "../quantities.js";
import { FEATURE_GENRES, type FeatureName, type SeasonFeatures } from "./features.js";

export type Effect = "POSITIVE" | "NEGATIVE" | "NEUTRAL";
export interface Reason {
  code: string;
  effect: Effect;
  /** Log-odds this reason adds to the prediction against an average season. */
  contribution: number;
  explanation: string;
}

/** Below this many log-odds a reason neither helps nor hurts in words. */
const NEUTRAL_BELOW = 0.05;

/** How a reason names the genres (TMDB's names) the model weighs: "A documentary series". */
const GENRE_WORDS: Record<string, string> = {
  Reality: "reality",
  Documentary: "documentary",
  Animation: "animated",
  Kids: "kids' & family",
  Family: "kids' & family",
  Crime: "crime",
  Comedy: "comedy",
  Drama: "drama",
  "Sci-Fi & Fantasy": "sci-fi & fantasy",
  "Action & Adventure": "action & adventure",
  Mystery: "mystery",
  Soap: "soap",
};
const GENRE_FEATURES = Object.keys(FEATURE_GENRES) as FeatureName[];
const languageNames = new Intl.DisplayNames(["en"], { type: "language" });

/** The show's genres the model weighed, in words: "A documentary series (its genres: Documentary, Crime)." */
function genreSentence({ figures }: SeasonFeatures, uses: Uses): string {
  const { genres } = figures.show;
  if (genres.length === 0) return "Its genres are not in the database, so they count as an average season's.";
  const weighed: string[] = [...new Set(GENRE_FEATURES.filter(uses).flatMap((name) => FEATURE_GENRES[name as keyof typeof FEATURE_GENRES]))];
  const words = [...new Set(genres.filter((genre) => weighed.includes(genre)).map((genre) => GENRE_WORDS[genre] ?? genre.toLowerCase()))];
  const own = `its genres: ${genres.join(", ")}`;
  if (words.length > 0) return `${/^[aeiou]/.test(words[0]!) ? "An" : "A"} ${words.join(" and ")} series (${own}).`;
  return `None of the genres the model weighs (${weighed.join(", ")}); ${own}.`;
}

const times = (ratio: number) => (ratio >= 1 ? `${ratio.toFixed(1)} times` : `${Math.round(ratio * 100)}% of`);

/** Which features each reason speaks for. `uses(name)`: whether the model has that feature, so a reason quotes only figures the model weighed. */
type Uses = (name: FeatureName) => boolean;
const GROUPS: { code: string; features: FeatureName[]; say: (f: SeasonFeatures, uses: Uses) => string }[] = [
  {
    code: "VIEWING_VS_PEERS",
    features: ["relativeHours", "relativeViews"],
    say: ({ category, figures }) => {
      const list = listName(category);
      const useViews = figures.viewsFirst28Days !== null && figures.peerMedianViews !== null;
      const own = useViews ? figures.viewsFirst28Days! : figures.hoursFirst28Days;
      const median = useViews ? figures.peerMedianViews! : figures.peerMedianHours;
      const drew = quantity(own, useViews ? "view" : "hour");
      if (!median) return `Its first 28 days drew ${drew} in ${list}; no other title debuted there in the half year before it.`;
      return `Its first 28 days drew ${drew} in ${list}, ${times(own / median)} the median of the ${figures.peerCount} titles that debuted there in the half year before it.`;
    },
  },
  {
    code: "WEEKS_IN_TOP_10",
    features: ["weeksInTop10"],
    say: ({ figures }) => `${figures.weeks.filter((week) => week.hours !== null).length} of its first ${figures.weeks.length} weeks in the Top 10.`,
  },
  {
    code: "RANK",
    features: ["debutRank", "peakRank"],
    say: ({ figures }, uses) =>
      !uses("peakRank")
        ? `It debuted at No. ${figures.debutRank}.`
        : figures.debutRank === figures.peakRank
          ? `It debuted at No. ${figures.debutRank}, its best rank.`
          : `It debuted at No. ${figures.debutRank} and peaked at No. ${figures.peakRank}.`,
  },
  {
    code: "WEEK_2",
    features: ["week2Change"],
    say: ({ figures }) => {
      const second = figures.weeks[1];
      if (!second) return "Its second week is not over.";
      if (second.hours === null) return "It left the Top 10 in week 2.";
      const change = second.changePercent!;
      return change >= 0 ? `Hours grew ${Math.round(change)}% in week 2.` : `Hours fell ${Math.round(-change)}% in week 2.`;
    },
  },
  {
    code: "FIRST_MONTH_DROP",
    features: ["largestDrop"],
    say: ({ figures }) => {
      // The week-over-week change the model saw as the largest fall, within the first 28 days only.
      let worst: (typeof figures.weeks)[number] | null = null;
      let worstChange = 0;
      figures.weeks.forEach((week, i) => {
        if (i === 0) return;
        const change = Math.log(week.modelHours / figures.weeks[i - 1]!.modelHours);
        if (change < worstChange) [worst, worstChange] = [week, change];
      });
      const week = worst as (typeof figures.weeks)[number] | null;
      if (!week) return "Hours did not fall from one week to the next in its first month.";
      if (week.hours === null) return `It left the Top 10 in week ${week.week}, its largest fall in the first month.`;
      return `Hours fell ${Math.round(-week.changePercent!)}% in week ${week.week}, its largest fall in the first month.`;
    },
  },
  {
    code: "HOLD",
    features: ["hold", "lastWeekHours"],
    say: ({ figures }) => {
      const last = figures.weeks.at(-1)!;
      const best = Math.max(...figures.weeks.map((week) => week.modelHours));
      if (last.hours === null) return `It was out of the Top 10 by week ${last.week}.`;
      return `Week ${last.week} drew ${quantity(last.hours, "hour")}, ${Math.round((last.hours / best) * 100)}% of its best week's.`;
    },
  },
  {
    code: "LIST",
    features: ["nonEnglish"],
    say: ({ category }) => `It charts in ${listName(category)}.`,
  },
  {
    code: "RETURNING_SEASON",
    features: ["returningSeason", "priorSeason"],
    say: ({ figures }, uses) => {
      const prior = uses("priorSeason") ? figures.priorSeason : null;
      if (!uses("priorSeason")) return figures.seasonNumber === 1 ? "A first season." : `Season ${figures.seasonNumber} of a returning show.`;
      if (!prior) return figures.seasonNumber === 1 ? "A first season." : `Season ${figures.seasonNumber}; season ${figures.seasonNumber - 1} is not in the chart data.`;
      const ratio = figures.hoursFirst28Days / prior.hoursFirst28Days;
      return `Season ${prior.number + 1} of a returning show; its first 28 days drew ${times(ratio)} the hours season ${prior.number}'s did (${quantity(figures.hoursFirst28Days, "hour")} against ${quantity(prior.hoursFirst28Days, "hour")}).`;
    },
  },
  { code: "GENRE", features: GENRE_FEATURES, say: genreSentence },
  {
    code: "ORIGINAL_LANGUAGE",
    features: ["englishOriginal", "korean", "spanish", "japanese"],
    say: ({ figures }) => {
      const code = figures.show.originalLanguage;
      return code === null ? "Its original language is not in the database, so it counts as an average season's." : `Originally in ${languageNames.of(code) ?? code}.`;
    },
  },
  {
    code: "CONTENT_RATING",
    features: ["kidsRating"],
    say: ({ figures, values }) => {
      const rating = figures.show.contentRating;
      if (rating === null) return "Its content rating is not in the database, so it counts as an average season's.";
      return values.kidsRating === 1 ? `Rated ${rating}, a rating for children.` : `Rated ${rating}, not a rating for children.`;
    },
  },
];

/** One reason for each group the model has a feature of: a feature it was not fitted on gives no reason. */
export function reasonsOf(features: SeasonFeatures, contributions: Partial<Record<FeatureName, number>>): Reason[] {
  return GROUPS.filter((group) => group.features.some((name) => name in contributions)).map((group) => {
    const contribution = group.features.reduce((total, name) => total + (contributions[name] ?? 0), 0);
    const effect: Effect = Math.abs(contribution) < NEUTRAL_BELOW ? "NEUTRAL" : contribution > 0 ? "POSITIVE" : "NEGATIVE";
    return { code: group.code, effect, contribution: Number(contribution.toFixed(4)), explanation: group.say(features, (name) => name in contributions) };
  }).sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.code.localeCompare(b.code));
}
