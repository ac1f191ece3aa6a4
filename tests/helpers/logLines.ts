import { vi } from 'vitest';

type JsonLine = Record<string, unknown>;

/** What a piece of work wrote to stdout and stderr, as parsed JSON lines. */
interface CapturedOutput {
  /** Log lines (they carry `level`), in order. */
  readonly logs: JsonLine[];
  /** CloudWatch embedded metric format lines (they carry `_aws`), in order. */
  readonly metrics: JsonLine[];
}

/** Runs `work` and returns the JSON lines it wrote to stdout or stderr, parsed (other output is ignored). */
async function captureOutput(work: () => Promise<unknown>): Promise<CapturedOutput> {
  const chunks: string[] = [];
  const capture = (chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  const lines = chunks
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as JsonLine);
  return { logs: lines.filter((line) => 'level' in line), metrics: lines.filter((line) => '_aws' in line) };
}

/** Runs `work` and returns the JSON log lines it wrote (stdout and stderr), parsed; metric lines are left out. */
async function captureLogLines(work: () => Promise<unknown>): Promise<JsonLine[]> {
  return (await captureOutput(work)).logs;
}

export type { CapturedOutput };
export { captureLogLines, captureOutput };
