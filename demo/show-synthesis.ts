/** Shows one synthesis on the terminal: where it wrote, or what the guard said, word for word. */
import { parseSynthesisError, GuardError } from './guard-message';
import { synthesizedFiles, SynthesisOutcome } from './synthesis';
import { seconds, Terminal } from './terminal';

/** Prints a synthesis that should have passed. */
export function showPassed(term: Terminal, outcome: SynthesisOutcome, shownDir: string, label = ''): void {
  if (outcome.passed) {
    term.ok(`${label}synthesized in ${seconds(outcome.ms)} → ${shownDir}`);
    return;
  }
  term.problem(`${label}synthesis failed in ${seconds(outcome.ms)}, which it should not have:`);
  for (const line of (outcome.error ?? '').split('\n')) {
    term.wrap(line, 6, '    ');
  }
}

/** Prints a refused synthesis: the framework's headline, then each finding as `what / why / fix`. */
export function showRefused(term: Terminal, outcome: SynthesisOutcome): GuardError[] {
  if (outcome.passed) {
    term.problem(`synthesized in ${seconds(outcome.ms)}: the change went through unnoticed.`);
    return [];
  }
  const written = synthesizedFiles(outcome.outdir).length > 0 ? 'yet output was written' : 'no manifest or template was written';
  term.refused(`synthesis refused in ${seconds(outcome.ms)} (${written}). app.synth() threw:`);
  const parsed = parseSynthesisError(outcome.error ?? '');
  term.wrap(term.style(parsed.headline, 'dim'), 6, '    ');
  for (const error of parsed.errors) {
    term.wrap(term.style(`[${error.path}]`, 'bold'), 6, '    ');
    if (error.what !== undefined && error.why !== undefined && error.fix !== undefined) {
      term.wrap(error.what, 23, `      ${term.style(error.ruleId, 'red', 'bold')}${' '.repeat(Math.max(1, 17 - error.ruleId.length))}`);
      term.wrap(error.why, 23, `      ${term.style('why it matters', 'dim')}   `);
      term.wrap(term.style(error.fix, 'green'), 23, `      ${term.style('the fix', 'dim')}          `);
    } else {
      term.wrap(error.message, 8, '      ');
    }
  }
  // The framework's own closing lines (cdktf's hint about skipValidation), dimmed.
  parsed.otherLines.forEach(line => term.wrap(term.style(line, 'dim'), 6, '    '));
  return parsed.errors;
}

/**
 * Prints a second refusal of the same change in one line: the headline, the findings' paths and
 * rules, and their messages only where they differ from the first refusal's.
 */
export function showRefusedAgain(term: Terminal, outcome: SynthesisOutcome, label: string, first: GuardError[]): GuardError[] {
  if (outcome.passed) {
    term.problem(`${label}synthesized in ${seconds(outcome.ms)}: the guard was switched off.`);
    return [];
  }
  const parsed = parseSynthesisError(outcome.error ?? '');
  const findings = parsed.errors.map(e => first.some(f => f.path === e.path && f.message === e.message)
    ? `[${e.path}] ${e.ruleId} (the same message as above)`
    : `[${e.path}] ${e.message}`);
  const written = synthesizedFiles(outcome.outdir).length > 0 ? 'yet output was written' : 'nothing written';
  term.refused(`${label}still refused in ${seconds(outcome.ms)} (${written}): ${parsed.headline} ${findings.join(' ')}`);
  return parsed.errors;
}
