/** How the demo writes to the terminal: colour only where it helps, long messages wrapped. */

/** Colour on a terminal unless NO_COLOR is set (https://no-color.org); FORCE_COLOR forces it (as the CLI does). */
export function wantsColor(env: NodeJS.ProcessEnv = process.env, isTTY = process.stdout.isTTY === true): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') {
    return force !== '0' && force.toLowerCase() !== 'false';
  }
  const noColor = env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') {
    return false;
  }
  return isTTY;
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
type Style = keyof typeof CODES;

/** Writes the narrative: headings, indented lines, wrapped paragraphs. */
export class Terminal {
  public readonly color: boolean;
  private readonly width: number;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env) {
    this.color = wantsColor(env, out.isTTY === true);
    this.width = Math.max(60, Math.min(out.columns || 100, 110)); // a pty may report 0 columns
  }

  public style(text: string, ...styles: Style[]): string {
    if (!this.color) {
      return text;
    }
    return styles.reduce((s, name) => `\u001b[${CODES[name][0]}m${s}\u001b[${CODES[name][1]}m`, text);
  }

  public line(text = ''): void {
    this.out.write(`${text}\n`);
  }

  /** A step header: `── 1/3 title ─────`. */
  public heading(text: string): void {
    const rule = '─'.repeat(Math.max(3, this.width - text.length - 4));
    this.line();
    this.line(this.style(`── ${text} ${rule}`, 'bold', 'cyan'));
  }

  /** `text` wrapped to the terminal width; the first line starts with `first`, the others with `indent` spaces. */
  public wrap(text: string, indent: number, first = ' '.repeat(indent)): void {
    const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
    let current = first;
    let empty = true;
    for (const word of text.split(/\s+/).filter(w => w !== '')) {
      if (!empty && visible(current) + 1 + visible(word) > this.width) {
        this.line(current);
        current = ' '.repeat(indent);
        empty = true;
      }
      current += empty ? word : ` ${word}`;
      empty = false;
    }
    this.line(current);
  }

  public ok(text: string): void {
    this.wrap(text, 4, `  ${this.style('✔', 'green', 'bold')} `);
  }

  public refused(text: string): void {
    this.wrap(text, 4, `  ${this.style('✘', 'red', 'bold')} `);
  }

  public problem(text: string): void {
    this.wrap(this.style(text, 'red'), 4, `  ${this.style('!', 'red', 'bold')} `);
  }

  /** A command line as the user would type it. */
  public command(text: string): void {
    this.wrap(this.style(text, 'bold'), 6, `  ${this.style('$', 'dim')} `);
  }
}

/** `12.3 s` */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
