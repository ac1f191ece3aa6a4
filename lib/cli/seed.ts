// `npm run seed -- <command> [flags]`: writes test data into the PostgreSQL source tables (see --help).
import pg from 'pg';
import { loadDotEnv } from '../config.ts';
import { ConfigError } from '../errors.ts';
import { parseSeedArgs } from '../seed/args.ts';
import { commandSpecs } from '../seed/commands.ts';
import { runSeedCommand } from '../seed/run.ts';
import { runCli } from './cliSupport.ts';

const argv = process.argv.slice(2);
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function readPgUrl(): string {
  const pgUrl = process.env.PG_URL;
  if (!pgUrl) {
    throw new ConfigError('PG_URL is not set: start the local engines with `npm run stack` or set PG_URL', ['PG_URL']);
  }
  if (!URL.canParse(pgUrl)) throw new ConfigError('PG_URL is not a valid URL', ['PG_URL']);
  return pgUrl;
}

/** Connects to `pgUrl`; the error names the host and port, never the credentials. */
async function connect(pgUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: pgUrl });
  client.on('error', () => undefined); // a lost connection also fails the pending query, which reports it
  try {
    await client.connect();
    return client;
  } catch (error) {
    const { hostname, port } = new URL(pgUrl);
    const cause = error instanceof AggregateError ? error.errors[0] : error;
    throw new Error(`failed to connect to PostgreSQL at ${hostname}:${port || 5432}`, { cause });
  }
}

async function main(): Promise<void> {
  const args = parseSeedArgs(argv);
  if ('help' in args) return print(args.help);
  loadDotEnv();
  const client = await connect(readPgUrl());
  try {
    await runSeedCommand(client, args.command, print);
  } finally {
    await client.end();
  }
}

const command = commandSpecs.some((spec) => spec.name === argv[0]) ? ` ${argv[0]}` : '';
runCli(`npm run seed --${command}`, main);
