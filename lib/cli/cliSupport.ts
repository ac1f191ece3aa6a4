import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ConfigError, UsageError } from '../errors.ts';
import { isTableKey, tableKeys } from '../tables/registry.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

interface ParsedCli {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parses argv strictly (unknown flags and missing values are errors) and prints `usage` for --help.
 * @throws UsageError naming the offending flag.
 */
function parseCli(argv: string[], options: Options, usage: string): ParsedCli {
  const withHelp: Options = { ...options, help: { type: 'boolean', short: 'h' } };
  try {
    const parsed = parseArgs({ args: argv, options: withHelp, allowPositionals: true, strict: true });
    const values = parsed.values as ParsedCli['values'];
    if (values.help) {
      process.stdout.write(`${usage.trim()}\n`);
      process.exit(0);
    }
    return { values, positionals: parsed.positionals };
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    const flag = /'(-[^' ]+)/.exec(error.message)?.[1] ?? 'arguments';
    throw new UsageError(flag, error.message.replace(/\. To specify.*$/s, ''));
  }
}

/** Parses a positive integer flag value. @throws UsageError naming the flag. */
function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new UsageError(flag, `${flag} must be a positive integer, got "${value}"`);
  }
  return parsed;
}

/**
 * The tables named on the command line, or every registered table when none is named.
 * @throws UsageError naming an unknown table.
 */
function tableArgs(positionals: readonly string[]): string[] {
  for (const name of positionals) {
    if (!isTableKey(name))
      throw new UsageError(name, `unknown table "${name}" (registered: ${tableKeys().join(', ')})`);
  }
  return positionals.length > 0 ? [...positionals] : tableKeys();
}

/**
 * Runs a CLI's main function: usage errors exit 2 with a one-line message and a hint, configuration
 * errors and other failures exit 1 with one line (never a stack trace; set DEBUG=1 to see one).
 */
function runCli(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (process.env.DEBUG) console.error(error);
    if (error instanceof UsageError) {
      // npm passes flags to the script only after `--` (the seed CLI's name already ends with it).
      const help = name.includes(' --') ? `${name} --help` : `${name} -- --help`;
      process.stderr.write(`error: ${error.message}\nRun \`${help}\` for usage.\n`);
      process.exit(2);
    }
    const message = error instanceof ConfigError || error instanceof Error ? describe(error) : String(error);
    process.stderr.write(`error: ${message}\n`);
    process.exit(1);
  });
}

function describe(error: Error): string {
  const causes: string[] = [error.message];
  let cause = error.cause;
  while (cause instanceof Error && causes.length < 4) {
    causes.push(cause.message || cause.name);
    cause = cause.cause;
  }
  return causes.join(': ');
}

export { parseCli, positiveInteger, runCli, tableArgs };
