/**
 * Terminal progress of a synchronisation: one line per mapping, redrawn in place on a TTY
 * (`CUSTOMER  [######------]  52%  52,000/100,000  1,234 rec/s`), plain lines otherwise (logs, CI).
 */
import type { ProgressEvent } from './context';

export interface ProgressBar {
  update(p: ProgressEvent): void;
  done(): void;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

export function renderLine(p: ProgressEvent, elapsedMs: number, width = 24): string {
  const c = p.counts;
  const ratio = p.phase === 'done' ? 1 : p.total ? Math.min(1, p.processed / p.total) : 0;
  const filled = Math.round(ratio * width);
  const bar = p.total || p.phase === 'done' ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]` : `[${'?'.repeat(width)}]`;
  const rate = elapsedMs > 0 ? Math.round((p.processed * 1000) / elapsedMs) : 0;
  const pct = `${String(Math.round(ratio * 100)).padStart(3)}%`;
  const of = p.total && p.phase !== 'done' ? `${fmt(p.processed)}/${fmt(p.total)}` : fmt(p.processed);
  return `${p.mapping.padEnd(18)} ${bar} ${pct} ${of.padStart(15)}  ${fmt(rate)} rec/s  +${c.inserted} ~${c.modified} =${c.unchanged} !${c.failed} skip ${c.skipped}`;
}

export function progressBar(stream: NodeJS.WriteStream = process.stdout): ProgressBar {
  const started = new Map<string, number>();
  let current: string | null = null;
  let lastDraw = 0;
  const tty = !!stream.isTTY;
  return {
    update(p) {
      if (!started.has(p.mapping)) started.set(p.mapping, Date.now());
      const line = renderLine(p, Date.now() - started.get(p.mapping)!);
      if (tty) {
        if (current !== null && current !== p.mapping) stream.write('\n');
        const now = Date.now();
        if (p.phase !== 'done' && now - lastDraw < 100 && current === p.mapping) return;
        lastDraw = now;
        stream.write(`\r${line}\u001b[K`);
        if (p.phase === 'done') {
          stream.write('\n');
          current = null;
          return;
        }
        current = p.mapping;
      } else if (p.phase === 'done') stream.write(`${line}\n`);
    },
    done() {
      if (tty && current) stream.write('\n');
    },
  };
}
