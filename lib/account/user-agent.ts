/**
 * A browser's user agent in a few words ("Firefox 128 on Linux"), for lists people read.
 * Order matters: Edge and Opera also claim Chrome, Chrome also claims Safari.
 */
const BROWSERS: [string, RegExp][] = [
  ["Edge", /Edg(?:e|A|iOS)?\/(\d+)/],
  ["Opera", /OPR\/(\d+)/],
  ["Samsung Internet", /SamsungBrowser\/(\d+)/],
  ["Firefox", /(?:Firefox|FxiOS)\/(\d+)/],
  ["Chrome", /(?:Chrome|CriOS)\/(\d+)/],
  ["Safari", /Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//],
];

const SYSTEMS: [string, RegExp][] = [
  ["iOS", /iPhone|iPad|iPod/],
  ["Android", /Android/],
  ["Windows", /Windows/],
  ["macOS", /Mac OS X|Macintosh/],
  ["ChromeOS", /CrOS/],
  ["Linux", /Linux/],
];

export function describeUserAgent(ua: string | null | undefined): string {
  const s = (ua ?? "").trim();
  if (!s) return "Unknown browser";
  const system = SYSTEMS.find(([, re]) => re.test(s))?.[0];
  for (const [name, re] of BROWSERS) {
    const m = re.exec(s);
    if (m) return system ? `${name} ${m[1]} on ${system}` : `${name} ${m[1]}`;
  }
  // Not a known browser (a script, curl, a test runner): its product token, as it names itself.
  const product = /^([A-Za-z][\w.-]{0,40})(?:\/([\w.]{1,20}))?/.exec(s);
  if (!product) return "Unknown browser";
  const what = product[2] ? `${product[1]} ${product[2]}` : product[1];
  return system ? `${what} on ${system}` : what;
}
