/**
 * Reads the error that `app.synth()` threw back into its findings, so the demo can show them
 * laid out, word for word. Nothing is added: each part is a slice of the guard's own message.
 */

/** One `[construct path] <rule-id>: ...` line of a synthesis error. */
export interface GuardError {
  /** The construct path the framework printed in brackets. */
  readonly path: string;
  /** The rule id that starts the message. */
  readonly ruleId: string;
  /** The whole message, as the guard wrote it. */
  readonly message: string;
  /** `<what is exposed, with the offending value>`: the text before ` - `. */
  readonly what?: string;
  /** `<why it matters>.`: up to the first sentence end after ` - `. */
  readonly why?: string;
  /** `<what to change>.`: the rest. */
  readonly fix?: string;
}

/** What a synthesis error says: its first line (the framework's) and the guard's findings. */
export interface SynthesisError {
  readonly headline: string;
  readonly errors: GuardError[];
  /** Lines that are neither (framework hints), kept so nothing is hidden without saying so. */
  readonly otherLines: string[];
}

const FINDING_LINE = /^\s*\[([^\]]+)\]\s+([a-z]+(?:-[a-z]+)*):\s+(.*)$/;

/** Splits a thrown synthesis error into the framework's headline, the guard's findings and the rest. */
export function parseSynthesisError(text: string): SynthesisError {
  const lines = text.split('\n').map(l => l.trimEnd()).filter(l => l.trim() !== '');
  const errors: GuardError[] = [];
  const otherLines: string[] = [];
  for (const line of lines.slice(1)) {
    const match = FINDING_LINE.exec(line);
    if (match) {
      errors.push({ path: match[1], ruleId: match[2], message: `${match[2]}: ${match[3]}`, ...splitMessage(match[3]) });
    } else {
      otherLines.push(line.trim());
    }
  }
  return { headline: lines[0] ?? '', errors, otherLines };
}

/** `<what> - <why>. <fix>.` (the house format); undefined parts when the message does not have that shape. */
export function splitMessage(body: string): { what?: string; why?: string; fix?: string } {
  const dash = body.indexOf(' - ');
  if (dash < 0) {
    return {};
  }
  const rest = body.slice(dash + 3);
  const end = /\.\s+(?=[A-Z(])/.exec(rest);
  if (!end) {
    return { what: body.slice(0, dash) };
  }
  return { what: body.slice(0, dash), why: rest.slice(0, end.index + 1), fix: rest.slice(end.index + end[0].length) };
}
