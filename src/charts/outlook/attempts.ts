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
  test: { auc: number; brier: number };
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
  { attempt: "Forward selection on validation Brier over 21 candidate features: debut rank, returning season, largest fall, week-4 hours (λ = 10, intercept refitted)", validation: { auc: 0.69, brier: 0.2107 }, test: { auc: 0.721, brier: 0.1778 }, chosen: true },
  { attempt: "The chosen features with Platt scaling fitted on the newest training year instead of the intercept refit", validation: { auc: 0.688, brier: 0.2119 }, test: { auc: 0.734, brier: 0.1736 }, chosen: false },
  { attempt: "The chosen features, recent seasons weighted more in training (weight e^(−age / 365 days))", validation: { auc: 0.688, brier: 0.2118 }, test: { auc: 0.704, brier: 0.1847 }, chosen: false },
  { attempt: "The chosen features, the average of the logistic regression and boosted stumps (50 rounds)", validation: { auc: 0.683, brier: 0.2142 }, test: { auc: 0.728, brier: 0.1825 }, chosen: false },
  { attempt: "The chosen features with training labels capped at two years (a renewal only if the next season charts within 730 days)", validation: { auc: 0.674, brier: 0.2204 }, test: { auc: 0.664, brier: 0.1873 }, chosen: false },
];
