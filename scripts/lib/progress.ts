/** A dependency-free progress bar on stderr: redrawn in place on a terminal, a line every few seconds otherwise. */
export class ProgressBar {
  private done = 0;
  private lastLine = 0;
  private readonly started = Date.now();
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(private readonly total: number, private readonly label = 'Importerar') {}

  /** Counts one finished item and redraws. */
  tick(): void {
    this.done++;
    const now = Date.now();
    if (this.tty || now - this.lastLine > 5000 || this.done === this.total) {
      this.lastLine = now;
      this.draw();
    }
  }

  private draw(): void {
    const width = 30;
    const share = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(share * width);
    const secs = (Date.now() - this.started) / 1000;
    const rate = secs > 0 ? this.done / secs : 0;
    const left = rate > 0 ? Math.round((this.total - this.done) / rate) : 0;
    const line = `${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total} ` +
      `${rate.toFixed(1)} dok/s, ca ${left} s kvar`;
    process.stderr.write(this.tty ? `\r${line}` : `${line}\n`);
  }

  /** Ends the bar's line. */
  finish(): void {
    if (this.tty) process.stderr.write('\n');
  }
}
