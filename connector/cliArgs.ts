/**
 * Command-line arguments of the connector's commands through `node:util` `parseArgs` (no hand-written loops).
 * Lenient on purpose: instead of throwing at the first unknown flag, every unknown flag, stray word and flag missing
 * its value is collected, so a command can print them all with its usage and exit 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type CliOptions = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCli {
  /** Known options in the order given (a command flag given twice: the last one wins, as before). */
  tokens: { name: string; value: string | undefined }[];
  positionals: string[];
  /** Unknown flags, and string options given without a value, as typed. */
  unknown: string[];
}

export function parseCli(argv: readonly string[], options: CliOptions): ParsedCli {
  const { tokens = [] } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const out: ParsedCli = { tokens: [], positionals: [], unknown: [] };
  for (const t of tokens) {
    if (t.kind === 'positional') out.positionals.push(t.value);
    else if (t.kind === 'option-terminator') continue;
    else if (!(t.name in options)) out.unknown.push(t.rawName);
    else if (options[t.name].type === 'string' && t.value === undefined) out.unknown.push(`${t.rawName} (needs a value)`);
    else out.tokens.push({ name: t.name, value: t.value });
  }
  return out;
}
