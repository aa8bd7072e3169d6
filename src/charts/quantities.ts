// How chart figures read in prose: "9.58 million views", "52.3 million hours", "1 hour". Pure.
// Hand-written rather than Intl's compact notation: Intl writes "9.6M" or "10 million" (no fixed precision
// in words) and knows nothing of the unit's singular.
import { LIST_NAMES as GLOBAL_LIST_NAMES } from "./import/parse.js";

const SCALES: [number, string][] = [
  [1e9, "billion"],
  [1e6, "million"],
  [1e3, "thousand"],
];

/** Three significant figures in words from a thousand up ("52.3 million hours"), exact below ("850 hours", "1 view"). */
export function quantity(value: number, unit: "view" | "hour"): string {
  for (const [index, [scale, word]] of SCALES.entries()) {
    if (Math.abs(value) < scale) continue;
    // Rounded on the whole figure by a power of ten (71,850,000 → 71,900,000): exact, where toPrecision on
    // 71.85 gives 71.8 (binary fractions).
    const step = 10 ** Math.max(0, Math.floor(Math.log10(Math.abs(value))) - 2);
    const rounded = (Math.round(value / step) * step) / scale;
    // 999.6 million rounds to 1,000 million: say it one scale up.
    if (rounded >= 1000 && index > 0) return quantity(rounded * scale, unit);
    return `${rounded.toLocaleString("en-US", { maximumFractionDigits: 2 })} ${word} ${unit}s`;
  }
  const whole = Math.round(value);
  return `${whole.toLocaleString("en-US")} ${unit}${whole === 1 ? "" : "s"}`;
}

/** "1 week", "3 weeks". */
export function count(value: number, noun: string): string {
  return `${value.toLocaleString("en-US")} ${noun}${value === 1 ? "" : "s"}`;
}

const LIST_NAMES: Record<string, string> = { ...GLOBAL_LIST_NAMES, TV: "TV", FILMS: "Films" };
/** A list as Netflix names it in its files and on its site: "TV (English)". */
export const listName = (category: string) => LIST_NAMES[category] ?? category;
