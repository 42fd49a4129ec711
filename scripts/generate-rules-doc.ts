/**
 * Writes docs/rules.md from the rule catalogue (run by the `docgen:rules` projen task after compile).
 * Generated, never edited by hand: CI fails when the committed file differs.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { RULE_CATALOGUE } from '../src/core/rules/catalogue';

const lines: string[] = [
  '<!-- Generated from src/core/rules/catalogue.ts by `npx projen docgen:rules`. Do not edit by hand. -->',
  '# Rule catalogue',
  '',
  'The stable ids every front end (the AWS guard, the Azure guard, `search-guardrails scan`) reports.',
  'The contract behind them is [the exposure specification](exposure.md); the README explains acknowledgements.',
  '',
  '| id | severity | acknowledgeable | what it catches |',
  '|---|---|---|---|',
  ...RULE_CATALOGUE.map(r => `| [\`${r.id}\`](#${r.id}) | ${r.severity} | ${r.acknowledgeable ? 'yes, with a reason' : 'no'} | ${r.title} |`),
  '',
];
for (const rule of RULE_CATALOGUE) {
  lines.push(
    `## ${rule.id}`,
    '',
    `- **Severity:** ${rule.severity}`,
    `- **Acknowledgeable:** ${rule.acknowledgeable ? 'yes, with a reason of at least 10 characters, for one construct or resource' : 'no: synthesis and scans fail whatever is acknowledged'}`,
    '',
    `**What it catches.** ${rule.title}.`,
    '',
    `**Why it matters.** ${rule.rationale}.`,
    '',
    `**How to fix it.** ${rule.fix}.`,
    '',
  );
}
const out = join(__dirname, '..', 'docs', 'rules.md');
mkdirSync(join(__dirname, '..', 'docs'), { recursive: true });
writeFileSync(out, lines.join('\n'));
console.log(`wrote ${out}`);
