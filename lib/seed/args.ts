import { UsageError } from '../errors.ts';
import { type CommandSpec, commandSpecs, type FlagSpec, renderCommandUsage, renderUsage } from './commands.ts';

type SeedCommand =
  | { name: 'batch'; advertisers: number; campaigns: number; impressions: number; ctr: string }
  | { name: 'advertisers'; count: number }
  | { name: 'campaigns'; advertiserId: number; count: number }
  | { name: 'impressions'; campaignId: number; count: number }
  | { name: 'clicks'; campaignId: number; ratio: string }
  | { name: 'stats' }
  | { name: 'reset' };

/** Either the help text to print, or a validated command. Ratios stay decimal text ("0.08") so they stay exact. */
type SeedArgs = { help: string } | { command: SeedCommand };

const maxCount = 2_147_483_647; // PostgreSQL int: ids and generate_series bounds

function parseWhole(spec: FlagSpec, raw: string): number {
  const minimum = spec.kind === 'id' ? 1 : 0;
  if (!/^\d+$/.test(raw) || Number(raw) < minimum) {
    const what = spec.kind === 'id' ? 'a positive whole number' : 'a whole number >= 0';
    throw new UsageError(spec.flag, `${spec.flag} must be ${what}, got "${raw}"`);
  }
  if (Number(raw) > maxCount) throw new UsageError(spec.flag, `${spec.flag} must be at most ${maxCount}, got "${raw}"`);
  return Number(raw);
}

function parseRatio(spec: FlagSpec, raw: string): string {
  if (!/^(\d+\.?\d*|\.\d+)$/.test(raw) || Number(raw) > 1) {
    throw new UsageError(spec.flag, `${spec.flag} must be a number between 0 and 1, got "${raw}"`);
  }
  return raw;
}

function findCommand(name: string | undefined): CommandSpec {
  if (name === undefined) throw new UsageError('command', 'missing command');
  const spec = commandSpecs.find((candidate) => candidate.name === name);
  if (!spec) throw new UsageError('command', `unknown command "${name}"`);
  return spec;
}

/** Splits `--flag value` and `--flag=value` pairs, refusing positional arguments, repeats and missing values. */
function readFlagValues(spec: CommandSpec, args: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('-')) throw new UsageError('argument', `unexpected argument "${arg}"`);
    const [flag = '', inline] = arg.split(/=(.*)/s);
    if (!spec.flags.some((known) => known.flag === flag)) {
      throw new UsageError(flag, `unknown flag ${flag} for "${spec.name}"`);
    }
    if (inline === undefined) i += 1;
    const value = inline ?? args[i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(flag, `${flag} needs a value`);
    }
    if (values.has(flag)) throw new UsageError(flag, `${flag} is given twice`);
    values.set(flag, value);
  }
  return values;
}

/**
 * Parses the seed CLI's arguments (without `node` and the script): `<command> [--flag value | --flag=value]…`.
 * `-h`/`--help` anywhere returns the help of the command (or the general help when no command precedes it).
 * @throws UsageError naming the bad command, flag or value.
 */
function parseSeedArgs(argv: readonly string[]): SeedArgs {
  const [name, ...rest] = argv;
  const wantsHelp = argv.some((arg) => arg === '-h' || arg === '--help');
  if (wantsHelp && (name === undefined || name.startsWith('-'))) return { help: renderUsage() };
  const spec = findCommand(name);
  if (wantsHelp) return { help: renderCommandUsage(spec) };
  const values = readFlagValues(spec, rest);
  const command: Record<string, number | string> = { name: spec.name };
  for (const flag of spec.flags) {
    const raw = values.get(flag.flag);
    if (raw === undefined) throw new UsageError(flag.flag, `missing required flag ${flag.flag} for "${spec.name}"`);
    command[flag.key] = flag.kind === 'ratio' ? parseRatio(flag, raw) : parseWhole(flag, raw);
  }
  return { command: command as SeedCommand };
}

export type { SeedArgs, SeedCommand };
export { parseSeedArgs };
