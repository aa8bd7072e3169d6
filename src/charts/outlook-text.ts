// How ratios read in sentences (comparisons and drafts). Pure.

/** "about a third of", "about twice" ...: how a ratio reads in a sentence. */
export function describeRatio(ratio: number): string {
  const words: [number, string][] = [
    [0.1, "a tenth of"],
    [0.2, "a fifth of"],
    [0.25, "a quarter of"],
    [1 / 3, "a third of"],
    [0.5, "half of"],
    [2 / 3, "two thirds of"],
    [0.75, "three quarters of"],
    [1, "the same as"],
    [1.5, "one and a half times"],
    [2, "twice"],
    [3, "three times"],
    [4, "four times"],
  ];
  const [value, phrase] = words.reduce((best, candidate) =>
    Math.abs(Math.log(candidate[0] / ratio)) < Math.abs(Math.log(best[0] / ratio)) ? candidate : best,
  );
  if (ratio > 4.5) return `${Math.round(ratio)} times`;
  return Math.abs(value - ratio) / value < 0.05 ? phrase : `about ${phrase}`;
}
