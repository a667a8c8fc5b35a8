import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Colour codes, which the server's pretty log writes even into a file.
const ansi = /\x1b\[[0-9;]*m/g;
// `2025-01-01T00:00:00.000000Z ERROR target: message`, or the JSON format's level.
const errorLine = /^\S+\s+ERROR\s|"level":"ERROR"/;

/** Global teardown: fails the run when a server logged at ERROR level, except for lines a
 * test announced with `expectServerError` (a test that provokes an error on purpose). */
export default function checkServerLogs() {
  for (const log of process.env.LAPS_E2E_SERVER_LOGS!.split(path.delimiter)) {
    checkServerLog(log);
  }
}

function checkServerLog(log: string) {
  const expectedFile = process.env.LAPS_E2E_EXPECTED_ERRORS!;
  if (!existsSync(log)) {
    throw new Error(`no server log at ${log}: the server did not start as configured`);
  }
  const expected = existsSync(expectedFile)
    ? readFileSync(expectedFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((source) => new RegExp(source))
    : [];
  const errors = readFileSync(log, 'utf8')
    .split('\n')
    .map((line) => line.replace(ansi, ''))
    .filter((line) => errorLine.test(line) && !expected.some((pattern) => pattern.test(line)));
  if (errors.length > 0) {
    throw new Error(`the server logged at ERROR level during the run (${log}):\n${errors.join('\n')}`);
  }
}
