import { cdk, javascript } from 'projen';

// The oldest versions users may run: peers accept them and the tests run against them.
// aws-cdk-lib: 2.262 is the first release whose validation plugins fail app.synth(); 2.263 is the first that
// also installs on Node 20 without EBADENGINE (2.262 bundles @aws/cloudformation-validate@1.5.0-beta, node ^22.15).
const AWS_CDK_LIB_MIN = '2.263.0';
const CDKTF_MIN = '0.21.0';
const AZURERM_MIN = '14.0.0';
// The first @cdktf/provider-aws whose peer is cdktf ^0.21.0 (npm view @cdktf/provider-aws@21.0.0 peerDependencies).
const PROVIDER_AWS_MIN = '21.0.0';
// cdk-nag 3 (benchmark only) needs constructs >= 10.5.1; peers accept the same.
const CONSTRUCTS_MIN = '10.5.1';

const project = new cdk.JsiiProject({
  name: 'search-guardrails',
  description:
    'Constructs, synthesis guards and a CLI that keep Elasticsearch / OpenSearch clusters off the public internet (AWS CDK and CDK for Terraform).',
  author: 'search-guardrails developers',
  authorAddress: 'search-guardrails@users.noreply.github.com',
  repositoryUrl: 'https://github.com/search-guardrails/search-guardrails.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  keywords: ['aws-cdk', 'cdktf', 'opensearch', 'elasticsearch', 'security', 'guardrails', 'azure'],

  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  minNodeVersion: '20.0.0',

  // 0.x and experimental until the API settles (CHANGELOG.md says what changed).
  stability: 'experimental',
  // No published version to compare the API with yet: no `compat` (jsii-diff) task.
  compat: false,
  // No source maps in lib/: inline ones were 71% of its bytes, and separate ones would point at src/,
  // which is not published. Tests run src/ through ts-jest, which maps on its own.
  tsconfig: {
    compilerOptions: { inlineSourceMap: false, inlineSources: false, sourceMap: false },
  },

  // No hosted CI, release or dependency bots: `.ci/run` is the pipeline.
  github: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,
  pullRequestTemplate: false,
  docgen: true,

  peerDeps: [
    `aws-cdk-lib@^${AWS_CDK_LIB_MIN}`,
    'constructs@^10.5.1',
    `cdktf@^${CDKTF_MIN}`,
    `@cdktf/provider-azurerm@^${AZURERM_MIN}`,
    `@cdktf/provider-aws@^${PROVIDER_AWS_MIN}`,
  ],
  peerDependencyOptions: { pinnedDevDependency: false },
  bundledDeps: ['ipaddr.js@^2.2.0', 'yaml@^2.6.0', '@cdktf/hcl2json@^0.21.0'],
  devDeps: [
    `aws-cdk-lib@${AWS_CDK_LIB_MIN}`,
    `constructs@${CONSTRUCTS_MIN}`,
    `cdktf@${CDKTF_MIN}`,
    `@cdktf/provider-azurerm@${AZURERM_MIN}`,
    `@cdktf/provider-aws@${PROVIDER_AWS_MIN}`,
    'aws-cdk@^2',
    'cdk-nag@^3',
    'fast-check@^4',
    'ajv@^8',
    'ajv-formats@^3',
    // SARIF 2.1.0 JSON schema (draft-04) for the CLI's report test, and the Ajv class that reads draft-04.
    '@microsoft/jest-sarif@1.0.0-beta.0',
    'ajv-draft-04@^1',
    // A strict XML parser for the JUnit report tests.
    '@xmldom/xmldom@^0.9',
  ],

  bin: { 'search-guardrails': 'lib/cli/main.js' },

  jestOptions: {
    jestConfig: {
      testTimeout: 120_000,
      collectCoverageFrom: ['src/**/*.ts'],
      coverageReporters: ['text-summary', 'lcov'],
    },
  },
  tsconfigDev: {
    compilerOptions: {},
  },
});

// The framework-free engine is held to a coverage floor (a path key, which projen's typed option cannot express).
project.package.file.addOverride('jest.coverageThreshold', { './src/core/': { lines: 90 } });

// ts-jest transpiles only (test/tsconfig.json sets isolatedModules; jsii type-checks at compile time).

// Independent entry points: `search-guardrails/aws` must load without cdktf, `.../azure` without aws-cdk-lib.
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './aws': { types: './lib/aws/index.d.ts', default: './lib/aws/index.js' },
  './azure': { types: './lib/azure/index.d.ts', default: './lib/azure/index.js' },
  // The cdktf guard alone: needs cdktf, not @cdktf/provider-azurerm (an AWS-only cdktf app).
  './cdktf': { types: './lib/cdktf/index.d.ts', default: './lib/cdktf/index.js' },
  './core': { types: './lib/core/index.d.ts', default: './lib/core/index.js' },
  './package.json': './package.json',
});
project.package.addField('typesVersions', {
  '*': {
    aws: ['lib/aws/index.d.ts'],
    azure: ['lib/azure/index.d.ts'],
    cdktf: ['lib/cdktf/index.d.ts'],
    core: ['lib/core/index.d.ts'],
  },
});
project.package.addField('peerDependenciesMeta', {
  'aws-cdk-lib': { optional: true },
  'cdktf': { optional: true },
  '@cdktf/provider-azurerm': { optional: true },
  '@cdktf/provider-aws': { optional: true },
});

// The engine and the input-format translators import no framework.
project.eslint!.addOverride({
  files: ['src/core/**/*.ts', 'src/formats/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdktf', 'cdktf/*', '@cdktf/*'], message: 'src/core and src/formats are framework-free: translate at the edge (src/aws, src/azure, src/cli).' },
        { group: ['../aws/*', '../azure/*', '../cli/*', '../../aws/*', '../../azure/*', '../../cli/*'], message: 'src/core and src/formats must not depend on a front end.' },
      ],
    }],
  },
});

// docs/rules.md is generated from the rule metadata.
const rulesDoc = project.addTask('docgen:rules', {
  description: 'Generate docs/rules.md from the rule catalogue',
  exec: 'ts-node --transpile-only scripts/generate-rules-doc.ts',
});
project.postCompileTask.spawn(rulesDoc);
// The package root loads its namespaces lazily: an AWS-only project has no cdktf (and vice versa).
project.postCompileTask.exec('node scripts/lazy-package-root.js');

// `npm test` works on a fresh clone: it installs the system tools the integration tests run (where it
// can; otherwise it says in one line what to install), compiles (the CLI tests run the built binary),
// and checks that the README's code snippets compile against the built assembly.
const testTools = project.addTask('test:tools', {
  description: 'Install cloud-init, shellcheck and cfn-lint for the integration tests where possible',
  exec: 'bash scripts/install-test-tools.sh',
});
const snippets = project.addTask('docs:snippets', {
  description: 'Compile the TypeScript snippets of README.md (jsii-rosetta, fails on any diagnostic)',
  exec: 'jsii-rosetta extract --compile --fail',
});
project.testTask.prependSpawn(snippets);
project.testTask.prependSpawn(project.postCompileTask);
project.testTask.prependSpawn(project.compileTask);
project.testTask.prependSpawn(testTools);

// Nothing from an earlier build is published: lib/ is rebuilt from src/ on every compile.
project.compileTask.prependExec('node -e "for (const p of [\'lib\', \'tsconfig.tsbuildinfo\']) require(\'fs\').rmSync(p, { recursive: true, force: true })"');

project.addTask('demo', {
  description: 'Replay the 2019 incident on AWS and Azure (offline)',
  exec: 'ts-node --transpile-only demo/run.ts',
  receiveArgs: true,
});
project.addTask('bench', {
  description: 'Benchmarks: synthesis overhead, scaling, CLI throughput',
  exec: 'ts-node --transpile-only bench/run.ts',
  receiveArgs: true,
});
// The demo and the benchmark are code we ship in the repository: lint them like the rest.
project.eslint!.addLintPattern('demo');
project.eslint!.addLintPattern('bench');
project.eslint!.addIgnorePattern('bench/out/');
project.eslint!.addIgnorePattern('demo-out/');

// npm 11 blocks dependencies' install scripts unless approved, and warns on every install about each one
// not yet decided. @parcel/watcher (jest-haste-map, used by watch mode only) would build a native addon:
// denied, as npm already does, so `npm ci` stays quiet.
project.package.addField('allowScripts', { '@parcel/watcher': false });

// Node 20 is what these machines run; jsii's Node-version banners are noise in every build
// (@jsii/check-node: END_OF_LIFE takes a list of major versions, DEPRECATED any value).
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');
project.tasks.addEnvironment('JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION', '1');

project.gitignore.exclude('/demo-out/', 'cdk.out/', 'cdktf.out/', '/bench/out/', '.tmp/', '.jsii.tabl.json');
// Published: lib/ (JavaScript and declarations), .jsii, README, docs/ (the SARIF helpUri and README links
// point there), CHANGELOG and LICENSE. Not: CI, scripts, demo, bench, source maps, rosetta's tablet.
project.npmignore?.exclude('/.ci/', '/demo/', '/bench/', '/scripts/', '/demo-out/', '*.map', '.jsii.tabl.json', '/ISSUE-*.md', '/CONTRIBUTING.md');
project.package.addVersion('0.1.0');
// jsii-diff against a published version: none exists yet (stability experimental); remove the task until one does.
project.removeTask('compat');
project.synth();
