// The generated data's pure rules: names and click counts (the random parts live in sql/seed/).

/** Returns the letters of the advertiser at 0-based `index`: A … Z, AA … AZ, BA …, ZZ, AAA … (like spreadsheet columns). */
function advertiserLetters(index: number): string {
  let letters = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

/** Returns the names of `count` new advertisers when `existing` advertisers exist: `Advertiser A`, `Advertiser B`, … */
function advertiserNames(existing: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `Advertiser ${advertiserLetters(existing + i)}`);
}

/** Returns the names of `count` new campaigns of an advertiser that has `existing` ones: `Campaign_<id>_<n>`, n from 1. */
function campaignNames(advertiserId: number, existing: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `Campaign_${advertiserId}_${existing + i + 1}`);
}

/**
 * Returns exactly floor(impressions × ratio) for a decimal `ratio` text such as "0.08" (no binary rounding:
 * 100 × 0.29 is 29, not 28). The SQL computes the same in numeric.
 */
function countClicks(impressions: number, ratio: string): number {
  const [whole = '', fraction = ''] = ratio.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(whole || '0') * scale + BigInt(fraction || '0');
  return Number((BigInt(impressions) * scaled) / scale);
}

export { advertiserLetters, advertiserNames, campaignNames, countClicks };
