/** How the effect of a change reads on screen: signed percentages, points, intervals in words. */

const sign = (x: number, text: string) => (x > 0 ? `+${text}` : x < 0 ? `−${text.replace(/^-/, "")}` : text);

/** A relative change: 0.198 → "+19.8%". */
export function relativeWords(x: number | null): string {
  if (x === null) return "n/a";
  const text = `${(Math.abs(x) * 100).toFixed(1)}%`;
  return text === "0.0%" ? "0.0%" : sign(x, text);
}

/** A rate: 0.0667 → "6.67%". */
export function rateWords(x: number | null): string {
  return x === null ? "n/a" : `${(x * 100).toFixed(2)}%`;
}

/** A difference of rates, in percentage points: 0.0107 → "+1.07 points". */
export function pointsWords(x: number | null): string {
  if (x === null) return "n/a";
  const text = (Math.abs(x) * 100).toFixed(2);
  return `${text === "0.00" ? text : sign(x, text)} points`;
}

/** The relative change with its interval: "+19.8% (95% CI +12.1% to +28.0%)". */
export function changeWithInterval(relative: number | null, ci: [number, number] | null): string {
  if (relative === null) return "n/a";
  return ci ? `${relativeWords(relative)} (95% CI ${relativeWords(ci[0])} to ${relativeWords(ci[1])})` : relativeWords(relative);
}
