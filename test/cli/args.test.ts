import { parseCommand, parsePorts } from '../../src/cli/args';

describe('command-line arguments', () => {
  test('scan with no options scans the current directory as text, failing on errors', () => {
    expect(parseCommand(['scan'])).toEqual({ kind: 'scan', paths: ['.'], format: 'text', output: undefined, failOn: 'error', ports: [], acknowledgements: undefined, quiet: false });
  });

  test('every option is read, short forms included, and --ports may repeat', () => {
    expect(parseCommand(['scan', 'cdk.out', 'plan.json', '-f', 'sarif', '-o', 'out.sarif', '--fail-on', 'warning', '--ports', '9301,9201', '--ports', '9201', '--acknowledgements', 'acks.yaml', '-q']))
      .toEqual({ kind: 'scan', paths: ['cdk.out', 'plan.json'], format: 'sarif', output: 'out.sarif', failOn: 'warning', ports: [9201, 9301], acknowledgements: 'acks.yaml', quiet: true });
    expect(parseCommand(['scan', '-', '--quiet'])).toMatchObject({ paths: ['-'], quiet: true });
  });

  test.each([
    [['--help'], 'help'], [['-h'], 'help'], [['help'], 'help'], [['scan', '--help'], 'help'],
    [['--version'], 'version'], [['-V'], 'version'],
  ])('%j asks for %s', (argv, kind) => {
    expect(parseCommand(argv).kind).toBe(kind);
  });

  test.each([
    [[], /No command given\. Run `search-guardrails --help` for usage\.$/],
    [['check'], /Unknown command "check"; the command is `scan`/],
    [['scan', '--format', 'pdf'], /--format "pdf" is not one of text, json, sarif, junit, markdown/],
    [['scan', '--fail-on', 'critical'], /--fail-on "critical" is not one of error, warning, never/],
    [['scan', '--bogus'], /Unknown option '--bogus'/],
    [['scan', '--output'], /--output/],
    [['scan', '--ports', '9200,abc'], /--ports "9200,abc": "abc" is not a port number\. Give TCP ports from 1 to 65535/],
    [['scan', '--ports', '70000'], /70000 is outside 1-65535/],
    [['scan', '--ports', '0'], /0 is outside 1-65535/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(message);
  });

  test('ports are deduplicated and sorted', () => {
    expect(parsePorts([' 9301 , 9201', '9301'])).toEqual([9201, 9301]);
  });
});
