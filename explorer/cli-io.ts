/**
 * What every command of the CLI shares: where output goes (`Io`), the exit
 * codes, and how a command hands its exit code to `main` (`SetCode`).
 */

/**
 * Exit codes: 0 all properties hold, 1 a property is violated, 2 bad usage or
 * bad model, 3 stopped by a limit before finishing, 4 the search failed (a
 * cluster worker was lost: nothing is concluded), 130 stopped by SIGINT or
 * SIGTERM (the report so far is printed, and says "interrupted").
 */
export const EXIT = { holds: 0, violated: 1, usage: 2, incomplete: 3, failed: 4, interrupted: 130 } as const;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (enables the live progress line). */
  readonly errIsTty: boolean;
  /** Whether output may carry colour; picocolors' own detection (a terminal, FORCE_COLOR, CI, ...) when unset. */
  readonly colour?: boolean;
}

/** How a command's action hands `main` its exit code (or the promise of it). */
export type SetCode = (code: Promise<number> | number) => void;

/** The exit codes as the help of a command that runs a check lists them. */
export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0    every property holds (the search finished)',
  '  1    a property is violated (the shortest counterexample is printed)',
  '  2    bad usage or a bad model (one line on stderr)',
  '  3    stopped by a limit (--max-states, --max-depth, --max-seconds, --max-memory) before finishing',
  '  4    the search failed (a cluster worker was lost): nothing is concluded',
  '  130  interrupted (SIGINT or SIGTERM): the report so far is printed',
].join('\n');
