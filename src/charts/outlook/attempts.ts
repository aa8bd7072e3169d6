// What was tried on the way to the committed model, with the figures each scored: the backtest report and the
// README quote this table. Validation = fitted on seasons first charting before 2022-07, scored on
// 2022-07..2023-06 (the training years only: choices were made on these columns); test = fitted on all
// seasons before 2023-07, scored on the 2023-07..2024-06 window (reported, never used to choose).
// Measured once, on the same examples (backtest.ts `examplesOf`), by throwaway scripts that are not part of the
// project; the chosen model's row is recomputed by every backtest (report `validation` and `model`, and
// tests/outlook.test.ts checks they agree), the others are a record, not code. Rows that do not say
// "intercept refitted" were scored without the refit on the newest training year.

export interface Attempt {
  attempt: string;
  validation: { auc: number; brier: number };
  /** Null when the test window has no data for it (the countries file ends before it). */
  test: { auc: number; brier: number } | null;
  chosen: boolean;
}

export const ATTEMPTS: readonly Attempt[] = [
  { attempt: "Former model: logistic regression on all 11 features (λ = 2), intercept refitted on the newest training year", validation: { auc: 0.667, brier: 0.2213 }, test: { auc: 0.683, brier: 0.1983 }, chosen: false },
  { attempt: "The same 11 features, stronger L2 (λ = 30)", validation: { auc: 0.653, brier: 0.2204 }, test: { auc: 0.713, brier: 0.191 }, chosen: false },
  { attempt: "Gradient-boosted stumps (depth 1, 50 rounds, rate 0.05) on the 11 features", validation: { auc: 0.639, brier: 0.2221 }, test: { auc: 0.708, brier: 0.1859 }, chosen: false },
  { attempt: "Gradient-boosted trees, depth 2 (50 rounds) and depth 3 (150 rounds)", validation: { auc: 0.65, brier: 0.2206 }, test: { auc: 0.646, brier: 0.2003 }, chosen: false },
  { attempt: "Gradient-boosted stumps (150 rounds) on cohort percentile, weeks in Top 10, mean rank, season number, list, log hours", validation: { auc: 0.676, brier: 0.2169 }, test: { auc: 0.723, brier: 0.1762 }, chosen: false },
  { attempt: "Logistic regression on cohort percentile, weeks in Top 10, mean rank, log season number, list (λ = 10)", validation: { auc: 0.663, brier: 0.2177 }, test: { auc: 0.728, brier: 0.1779 }, chosen: false },
  { attempt: "Logistic regression on mean rank and log season number only (λ = 10)", validation: { auc: 0.672, brier: 0.217 }, test: { auc: 0.752, brier: 0.1784 }, chosen: false },
  { attempt: "Former model: forward selection on validation Brier over 21 candidate features: debut rank, returning season, largest fall, week-4 hours (λ = 10, intercept refitted); the same selection over features.ts's 12 first-28-day features picks the same four", validation: { auc: 0.69, brier: 0.2107 }, test: { auc: 0.721, brier: 0.1778 }, chosen: false },
  { attempt: "The former four with Platt scaling fitted on the newest training year instead of the intercept refit", validation: { auc: 0.688, brier: 0.2119 }, test: { auc: 0.734, brier: 0.1736 }, chosen: false },
  { attempt: "The former four, recent seasons weighted more in training (weight e^(−age / 365 days))", validation: { auc: 0.688, brier: 0.2118 }, test: { auc: 0.704, brier: 0.1847 }, chosen: false },
  { attempt: "The former four, the average of the logistic regression and boosted stumps (50 rounds)", validation: { auc: 0.683, brier: 0.2142 }, test: { auc: 0.728, brier: 0.1825 }, chosen: false },
  { attempt: "The former four with training labels capped at two years (a renewal only if the next season charts within 730 days)", validation: { auc: 0.674, brier: 0.2204 }, test: { auc: 0.664, brier: 0.1873 }, chosen: false },
  // Issue #16's show metadata (features.ts METADATA_FEATURES: TMDB's genres and original language, its production
  // countries, the Kaggle file's content rating; unknown = the training average), on a database holding the seed,
  // the global file, tmdb_data.csv and netflix_titles.csv (not nf_ori_shows.csv: it lists only shows still running).
  { attempt: "The former four plus unscripted (TMDB genre Reality or Documentary), the best single metadata feature on validation", validation: { auc: 0.706, brier: 0.206 }, test: { auc: 0.721, brier: 0.1754 }, chosen: false },
  { attempt: "The former four plus unscripted and animation", validation: { auc: 0.717, brier: 0.2034 }, test: { auc: 0.734, brier: 0.1759 }, chosen: false },
  { attempt: "Forward selection on validation Brier over the 12 first-28-day and 20 metadata features (λ = 10): debut rank, returning season, unscripted, animation, hours against peers, sci-fi & fantasy, soap, Korean, kids & family, Spanish, largest fall, week-4 hours, kids' rating", validation: { auc: 0.73, brier: 0.1994 }, test: { auc: 0.738, brier: 0.178 }, chosen: false },
  { attempt: "Those 13 features with λ = 30", validation: { auc: 0.725, brier: 0.203 }, test: { auc: 0.737, brier: 0.1755 }, chosen: false },
  { attempt: "Those 13 features without the languages and rating (genres only), λ = 2", validation: { auc: 0.719, brier: 0.201 }, test: { auc: 0.734, brier: 0.1819 }, chosen: false },
  { attempt: "Those 13 features with unknown metadata as 0 (not the genre) instead of the training average, λ = 2", validation: { auc: 0.727, brier: 0.1988 }, test: { auc: 0.738, brier: 0.1806 }, chosen: false },
  { attempt: "Those 13 plus whether TMDB's file has the show at all (left out: it tells when the file was collected, November 2023, not what the show is), λ = 2", validation: { auc: 0.734, brier: 0.1971 }, test: { auc: 0.722, brier: 0.1871 }, chosen: false },
  { attempt: "Country breadth (log of 1 + the countries whose TV Top 10 the season entered in its first 28 days; all-weeks-countries.tsv ends 2022-11-13, so only the 66 validation seasons decided by then, 20 renewed, and no test season have it): the former four plus it, scored on those 66 (the former four alone: AUC 0.651, Brier 0.2049)", validation: { auc: 0.638, brier: 0.2061 }, test: null, chosen: false },
  { attempt: "Chosen: the 13 features of the forward selection, λ = 2 (λ = 0.5, 2, 10, 30 scored validation Brier 0.1994, 0.1988, 0.1994, 0.2030), intercept refitted", validation: { auc: 0.727, brier: 0.1988 }, test: { auc: 0.734, brier: 0.1827 }, chosen: true },
];
