/**
 * Progress of `arcparse parse` on stderr when it is a TTY: share of the input read, words parsed,
 * words/s and ETA (from the file size; none for standard input), redrawn at most 5 times a second.
 */
export class Progress {
  private readonly out: NodeJS.WriteStream | undefined;
  private readonly total: number | undefined;
  private readonly started = performance.now();
  private chars = 0;
  private wordCount = 0;
  private last = 0;

  constructor(stream: NodeJS.WriteStream, totalBytes: number | undefined) {
    this.out = stream.isTTY ? stream : undefined;
    this.total = totalBytes;
  }

  /** Characters of input read so far (a proxy for bytes: exact for ASCII). */
  read(chars: number): void {
    this.chars += chars;
  }

  words(n: number): void {
    this.wordCount += n;
    this.draw(false);
  }

  done(): void {
    this.draw(true);
    if (this.out) this.out.write('\n');
  }

  private draw(force: boolean): void {
    if (!this.out) return;
    const now = performance.now();
    if (!force && now - this.last < 200) return;
    this.last = now;
    const secs = (now - this.started) / 1000;
    const wps = secs > 0 ? Math.round(this.wordCount / secs) : 0;
    const share = this.total ? Math.min(1, this.chars / this.total) : undefined;
    const eta = share !== undefined && share > 0 ? Math.max(0, secs / share - secs) : undefined;
    this.out.write(`\r${share !== undefined ? `${(share * 100).toFixed(0)}% ` : ''}${this.wordCount} words, ${wps} words/s` +
      `${eta !== undefined ? `, ETA ${eta.toFixed(0)} s` : ''}   `);
  }
}
