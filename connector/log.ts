/**
 * Structured JSON logs, one object per line on stdout (what container platforms and log shippers expect).
 * Redaction is by value and by key: every secret the config holds is replaced wherever it appears, and fields named
 * like credentials are never printed, credentials inside URLs are masked (redact.ts), so a secret cannot leak through an error message that echoes a URL or header.
 */
import { redactUrlCredentials } from './redact';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /(authorization|token|secret|password|apikey|api_key|webhookkey|authvalue|x-erp-link-key)/i;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: Level;
  secrets?: readonly string[];
  write?: (line: string) => void;
  base?: Record<string, unknown>;
}

export function redact(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') {
    let s = redactUrlCredentials(value);
    for (const secret of secrets) if (secret && s.includes(secret)) s = s.split(secret).join('[redacted]');
    return s;
  }
  if (value instanceof Error) return redact({ name: value.name, message: value.message, ...(value as unknown as Record<string, unknown>) }, secrets, depth + 1);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, secrets, depth + 1);
  return out;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = order[options.level ?? 'info'];
  const secrets = options.secrets ?? [];
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const make = (base: Record<string, unknown>): Logger => {
    const emit = (level: Level, msg: string, fields?: Record<string, unknown>): void => {
      if (order[level] < min) return;
      const entry = redact({ time: new Date().toISOString(), level, msg, ...base, ...(fields ?? {}) }, secrets) as Record<string, unknown>;
      write(JSON.stringify(entry));
    };
    return {
      debug: (m, f) => emit('debug', m, f),
      info: (m, f) => emit('info', m, f),
      warn: (m, f) => emit('warn', m, f),
      error: (m, f) => emit('error', m, f),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.base ?? {});
}

/** A logger that keeps lines in memory: tests read them, benches silence them. */
export function memoryLogger(level: Level = 'debug', secrets: readonly string[] = []): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level, secrets, write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  return Object.assign(logger, { lines });
}
