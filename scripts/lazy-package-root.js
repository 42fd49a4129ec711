/**
 * Post-compile step: makes lib/index.js (the package root, `require('search-guardrails')`) load its
 * namespaces `aws`, `azure` and `core` on first access, so an AWS-only project (no cdktf) or an
 * Azure-only one (no aws-cdk-lib) can require the root. The source keeps `export * as x from './x'`,
 * which is how jsii declares submodules; only the emitted CommonJS changes, the types do not.
 * Fails when the compiled file does not have the expected shape, so the step never silently does nothing.
 */
const fs = require('fs');
const path = require('path');

const file = path.join(__dirname, '..', 'lib', 'index.js');
const text = fs.readFileSync(file, 'utf-8');
if (text.includes('search-guardrails: lazy package root')) process.exit(0);
const names = [...text.matchAll(/exports\.(\w+) = __importStar\(require\("\.\/(\w+)"\)\);/g)].map(m => [m[1], m[2]]);
if (names.length === 0 || names.some(([name, dir]) => name !== dir)) {
  console.error(`lazy-package-root: ${file} does not have the expected "exports.x = __importStar(require("./x"))" lines; update scripts/lazy-package-root.js.`);
  process.exit(1);
}
const sourceMap = text.match(/\n\/\/# sourceMappingURL=.*$/)?.[0] ?? '';
fs.writeFileSync(file, `"use strict";
// search-guardrails: lazy package root (scripts/lazy-package-root.js): each namespace is required on
// first access, so the root loads without aws-cdk-lib or cdktf installed.
Object.defineProperty(exports, "__esModule", { value: true });
for (const name of ${JSON.stringify(names.map(([n]) => n))}) {
  Object.defineProperty(exports, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = require(\`./\${name}\`);
      Object.defineProperty(exports, name, { enumerable: true, value });
      return value;
    },
  });
}${sourceMap}
`);
