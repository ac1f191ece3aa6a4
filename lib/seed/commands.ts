// The seed CLI's commands and flags, and the help text rendered from them.

type FlagKind = 'count' | 'id' | 'ratio';

interface FlagSpec {
  readonly flag: string;
  readonly key: string;
  readonly kind: FlagKind;
  readonly help: string;
}

interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly flags: readonly FlagSpec[];
}

const count = (flag: string, help: string): FlagSpec => ({ flag, key: camel(flag), kind: 'count', help });
const id = (flag: string, help: string): FlagSpec => ({ flag, key: camel(flag), kind: 'id', help });
const ratio = (flag: string, help: string): FlagSpec => ({ flag, key: camel(flag), kind: 'ratio', help });

function camel(flag: string): string {
  return flag.slice(2).replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
}

const commandSpecs: readonly CommandSpec[] = [
  {
    name: 'batch',
    summary: 'Create advertisers, each with campaigns, impressions and floor(impressions × ctr) clicks per campaign',
    flags: [
      count('--advertisers', 'advertisers to create'),
      count('--campaigns', 'campaigns per advertiser'),
      count('--impressions', 'impressions per campaign'),
      ratio('--ctr', "share of each campaign's impressions that get a click, 0 to 1"),
    ],
  },
  { name: 'advertisers', summary: 'Create advertisers (Advertiser A, B, …)', flags: [count('--count', 'advertisers')] },
  {
    name: 'campaigns',
    summary: 'Create campaigns for one advertiser',
    flags: [id('--advertiser-id', 'the advertiser'), count('--count', 'campaigns to create')],
  },
  {
    name: 'impressions',
    summary: 'Create impressions for one campaign, spread over the past 7 days',
    flags: [id('--campaign-id', 'the campaign'), count('--count', 'impressions to create')],
  },
  {
    name: 'clicks',
    summary: "Click a random sample of floor(impressions × ratio) of one campaign's impressions",
    flags: [id('--campaign-id', 'the campaign'), ratio('--ratio', 'share of its impressions to click, 0 to 1')],
  },
  { name: 'stats', summary: 'Print the row counts of the four tables and the overall CTR', flags: [] },
  { name: 'reset', summary: 'Empty the four tables and restart their ids at 1', flags: [] },
];

const placeholder: Record<FlagKind, string> = { count: 'N', id: 'ID', ratio: 'F' };
const cli = 'npm run seed --';

function renderUsage(): string {
  const width = Math.max(...commandSpecs.map((spec) => spec.name.length)) + 2;
  return [
    `Usage: ${cli} <command> [flags]`,
    '',
    'Writes test data into the PostgreSQL source tables at PG_URL. Each command runs in one transaction.',
    '',
    'Commands:',
    ...commandSpecs.map((spec) => `  ${spec.name.padEnd(width)}${spec.summary}`),
    '',
    `Run \`${cli} <command> --help\` for a command's flags. Example:`,
    `  ${cli} batch --advertisers 10 --campaigns 10 --impressions 10000 --ctr 0.08`,
  ].join('\n');
}

function renderCommandUsage(spec: CommandSpec): string {
  const synopsis = spec.flags.map((flag) => `${flag.flag} ${placeholder[flag.kind]}`).join(' ');
  const rows = [...spec.flags.map((flag) => [`${flag.flag} ${placeholder[flag.kind]}`, flag.help])];
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([left = '']) => left.length)) + 2;
  return [
    `Usage: ${cli} ${spec.name}${synopsis ? ` ${synopsis}` : ''}`,
    '',
    `${spec.summary}.`,
    '',
    'Flags:',
    ...rows.map(([left = '', right = '']) => `  ${left.padEnd(width)}${right}`),
  ].join('\n');
}

export type { CommandSpec, FlagKind, FlagSpec };
export { commandSpecs, renderCommandUsage, renderUsage };
