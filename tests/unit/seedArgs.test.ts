import { describe, expect, it } from 'vitest';
import { UsageError } from '../../lib/errors.ts';
import { parseSeedArgs } from '../../lib/seed/args.ts';
import { advertiserLetters, advertiserNames, campaignNames, countClicks } from '../../lib/seed/rules.ts';
import { formatStats } from '../../lib/seed/stats.ts';

function usageErrorOf(argv: string[]): UsageError {
  try {
    parseSeedArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`parseSeedArgs(${JSON.stringify(argv)}) did not throw`);
}

describe('parseSeedArgs', () => {
  it('reads every batch flag as a number and keeps the ctr as exact decimal text', () => {
    // Prepare
    const argv = ['batch', '--advertisers', '10', '--campaigns=10', '--impressions', '10000', '--ctr', '0.08'];

    // Act
    const parsed = parseSeedArgs(argv);

    // Assess
    expect(parsed).toEqual({
      command: { name: 'batch', advertisers: 10, campaigns: 10, impressions: 10000, ctr: '0.08' },
    });
  });

  it('reads the single-table commands and the flag-less ones', () => {
    // Prepare
    const cases: [string[], unknown][] = [
      [['advertisers', '--count', '3'], { name: 'advertisers', count: 3 }],
      [['campaigns', '--count', '0', '--advertiser-id', '7'], { name: 'campaigns', advertiserId: 7, count: 0 }],
      [['impressions', '--campaign-id', '2', '--count', '500'], { name: 'impressions', campaignId: 2, count: 500 }],
      [['clicks', '--campaign-id', '2', '--ratio', '1'], { name: 'clicks', campaignId: 2, ratio: '1' }],
      [['clicks', '--campaign-id', '2', '--ratio', '.5'], { name: 'clicks', campaignId: 2, ratio: '.5' }],
      [['stats'], { name: 'stats' }],
      [['reset'], { name: 'reset' }],
    ];

    // Act
    const parsed = cases.map(([argv]) => parseSeedArgs(argv));

    // Assess
    expect(parsed).toEqual(cases.map(([, command]) => ({ command })));
  });

  it('returns the general help for --help or -h without a command', () => {
    // Prepare
    const argvs = [['--help'], ['-h']];

    // Act
    const parsed = argvs.map((argv) => parseSeedArgs(argv));

    // Assess
    for (const result of parsed) {
      expect(result).toEqual({ help: expect.stringContaining('Usage: npm run seed -- <command> [flags]') });
      expect('help' in result && result.help).toContain('  clicks ');
    }
  });

  it("returns a command's help, listing its flags, even next to invalid flags", () => {
    // Prepare
    const argv = ['clicks', '--ratio', 'abc', '-h'];

    // Act
    const parsed = parseSeedArgs(argv);

    // Assess
    expect('help' in parsed && parsed.help.split('\n')[0]).toBe(
      'Usage: npm run seed -- clicks --campaign-id ID --ratio F',
    );
    expect('help' in parsed && parsed.help).toContain('-h, --help');
  });

  it('names the flag and the value in each rejection', () => {
    // Prepare
    const cases: [string[], string, string][] = [
      [
        ['clicks', '--campaign-id', '1', '--ratio', 'abc'],
        '--ratio',
        '--ratio must be a number between 0 and 1, got "abc"',
      ],
      [
        ['clicks', '--campaign-id', '1', '--ratio', '1.5'],
        '--ratio',
        '--ratio must be a number between 0 and 1, got "1.5"',
      ],
      [
        ['clicks', '--campaign-id', '1', '--ratio', '-0.1'],
        '--ratio',
        '--ratio must be a number between 0 and 1, got "-0.1"',
      ],
      [['advertisers', '--count', '-3'], '--count', '--count must be a whole number >= 0, got "-3"'],
      [['advertisers', '--count', '2.5'], '--count', '--count must be a whole number >= 0, got "2.5"'],
      [['advertisers', '--count', '3000000000'], '--count', '--count must be at most 2147483647, got "3000000000"'],
      [
        ['impressions', '--campaign-id', '0', '--count', '1'],
        '--campaign-id',
        '--campaign-id must be a positive whole number, got "0"',
      ],
      [['advertisers'], '--count', 'missing required flag --count for "advertisers"'],
      [['advertisers', '--count'], '--count', '--count needs a value'],
      [['advertisers', '--count', '--count', '2'], '--count', '--count needs a value'],
      [['advertisers', '--count', '1', '--count=2'], '--count', '--count is given twice'],
      [['stats', '--verbose'], '--verbose', 'unknown flag --verbose for "stats"'],
      [['stats', 'now'], 'argument', 'unexpected argument "now"'],
      [['seed'], 'command', 'unknown command "seed"'],
      [[], 'command', 'missing command'],
    ];

    // Act
    const errors = cases.map(([argv]) => usageErrorOf(argv));

    // Assess
    expect(errors.map((error) => [error.parameter, error.message])).toEqual(
      cases.map(([, parameter, message]) => [parameter, message]),
    );
  });
});

describe('advertiser and campaign names', () => {
  it('runs A to Z, then AA to ZZ, then AAA, like spreadsheet columns', () => {
    // Prepare
    const indexes = [0, 1, 25, 26, 27, 51, 52, 701, 702, 18277, 18278];

    // Act
    const letters = indexes.map(advertiserLetters);

    // Assess
    expect(letters).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA', 'ZZZ', 'AAAA']);
  });

  it('continues after the advertisers that already exist', () => {
    // Prepare
    const existing = 24;

    // Act
    const names = advertiserNames(existing, 4);

    // Assess
    expect(names).toEqual(['Advertiser Y', 'Advertiser Z', 'Advertiser AA', 'Advertiser AB']);
  });

  it("numbers campaigns from 1 after the advertiser's existing ones", () => {
    // Prepare
    const advertiserId = 3;

    // Act
    const fresh = campaignNames(advertiserId, 0, 2);
    const more = campaignNames(advertiserId, 2, 2);

    // Assess
    expect(fresh).toEqual(['Campaign_3_1', 'Campaign_3_2']);
    expect(more).toEqual(['Campaign_3_3', 'Campaign_3_4']);
  });
});

describe('countClicks', () => {
  it('returns exactly floor(impressions × ratio), without binary rounding', () => {
    // Prepare
    const cases: [number, string, number][] = [
      [10000, '0.08', 800],
      [1000, '0.08', 80],
      [100, '0.29', 29], // 100 * 0.29 === 28.999999999999996 in floating point
      [57, '0.1', 5],
      [7, '.5', 3],
      [7, '1', 7],
      [7, '1.', 7],
      [7, '0', 0],
      [0, '0.5', 0],
    ];

    // Act
    const counts = cases.map(([impressions, ratio]) => countClicks(impressions, ratio));

    // Assess
    expect(counts).toEqual(cases.map(([, , expected]) => expected));
  });
});

describe('formatStats', () => {
  it('aligns one count per line and adds the CTR when asked', () => {
    // Prepare
    const stats = { advertisers: 10, campaigns: 100, impressions: 1_000_000, clicks: 80_000 };

    // Act
    const lines = formatStats(stats, { ctr: true });

    // Assess
    expect(lines).toEqual([
      '  advertisers: 10',
      '  campaigns:   100',
      '  impressions: 1000000',
      '  clicks:      80000',
      '  ctr:         8.00%',
    ]);
  });

  it('shows n/a as the CTR when there are no impressions', () => {
    // Prepare
    const stats = { advertisers: 0, campaigns: 0, impressions: 0, clicks: 0 };

    // Act
    const lines = formatStats(stats, { ctr: true });

    // Assess
    expect(lines.at(-1)).toBe('  ctr:         n/a');
  });
});
