/**
 * A progress line on standard error for scans that take a while: `search-guardrails: 412 files read,
 * checking 3,100 resources...`, rewritten in place and erased at the end. Only on a terminal, only
 * after `afterMs` (a quick scan prints nothing), never with `--quiet`.
 */
import type { ScanProgress } from './scan';

/** Scans quicker than this print no progress. */
export const PROGRESS_AFTER_MS = 2_000;
/** At most one redraw per this many milliseconds. */
const REDRAW_MS = 100;

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export class ProgressLine {
  /** Whether a progress line may be shown on `stream` at all. */
  public static enabled(stream: ProgressStream, quiet: boolean): boolean {
    return !quiet && stream.isTTY === true;
  }

  private readonly start: number;
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly afterMs: number = PROGRESS_AFTER_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.start = now();
  }

  public update(progress: ScanProgress): void {
    const now = this.now();
    if (now - this.start < this.afterMs || (now - this.lastDraw < REDRAW_MS && progress.resourcesToCheck === undefined)) {
      return;
    }
    this.lastDraw = now;
    this.drawn = true;
    const files = `${progress.filesRead} file${progress.filesRead === 1 ? '' : 's'} read`;
    const checking = progress.resourcesToCheck !== undefined ? `, checking ${progress.resourcesToCheck} resource${progress.resourcesToCheck === 1 ? '' : 's'}` : '';
    // \r returns to the line start; ESC [ K erases to its end (ECMA-48 EL).
    this.stream.write(`\rsearch-guardrails: ${files}${checking}...\u001b[K`);
  }

  /** Erases the line, if one was drawn, so the report or the next message starts clean. */
  public done(): void {
    if (this.drawn) {
      this.stream.write('\r\u001b[K');
      this.drawn = false;
    }
  }
}
