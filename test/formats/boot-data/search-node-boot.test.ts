import { readSearchNodeBoot, searchNodeFacts } from '../../../src/formats/boot-data';

const security = (text: string) => searchNodeFacts(readSearchNodeBoot(text)).securityEnabled;

describe('search software in boot data', () => {
  test.each([
    ['a package install in a shell script', '#!/bin/bash\napt-get install -y elasticsearch\n', ['elasticsearch']],
    ['a systemd start of OpenSearch', '#!/bin/sh\nsystemctl start opensearch\n', ['opensearch']],
    ['a Kibana container', '#!/bin/bash\ndocker run -d -p 5601:5601 docker.elastic.co/kibana/kibana:8.15.0\n', ['kibana']],
    ['OpenSearch Dashboards, counted as Kibana', '#!/bin/bash\nyum install -y opensearch-dashboards\n', ['kibana']],
    ['a cloud-config packages list', '#cloud-config\npackages:\n  - elasticsearch\n', ['elasticsearch']],
    ['a cloud-config runcmd', '#cloud-config\nruncmd:\n  - [systemctl, enable, --now, opensearch]\n', ['opensearch']],
  ])('%s is recognised', (_name, text, software) => {
    expect(readSearchNodeBoot(text).software).toEqual(software);
  });

  test.each([
    ['a comment', '#!/bin/bash\n# elasticsearch runs elsewhere\nyum install -y nginx\n'],
    ['a client library install', '#!/bin/bash\npip install elasticsearch\nnpm install @opensearch-project/opensearch\n'],
  ])('%s is not a node', (_name, text) => {
    expect(readSearchNodeBoot(text).software).toEqual([]);
  });
});

describe('xpack.security.enabled from boot data, in the order the steps run', () => {
  test.each([
    ['write_files sets it true', '#cloud-config\nwrite_files:\n  - path: /etc/elasticsearch/elasticsearch.yml\n    content: |\n      xpack.security.enabled: true\n', true],
    ['write_files sets it true, then a runcmd echo appends false', '#cloud-config\nwrite_files:\n  - path: /etc/elasticsearch/elasticsearch.yml\n    content: "xpack.security.enabled: true\\n"\nruncmd:\n  - \'echo "xpack.security.enabled: false" >> /etc/elasticsearch/elasticsearch.yml\'\n', false],
    ['a base64 write_files entry', `#cloud-config\nwrite_files:\n  - path: /etc/elasticsearch/elasticsearch.yml\n    encoding: b64\n    content: ${Buffer.from('xpack:\n  security:\n    enabled: false\n').toString('base64')}\n`, false],
    ['a heredoc through tee', "#!/bin/bash\ntee /etc/elasticsearch/elasticsearch.yml <<'EOF'\nxpack.security.enabled: true\nEOF\n", true],
    ['a heredoc, then sed turning it off', "#!/bin/bash\ncat > /etc/elasticsearch/elasticsearch.yml <<EOF\nxpack.security.enabled: true\nEOF\nsed -i 's/xpack.security.enabled: true/xpack.security.enabled: false/' /etc/elasticsearch/elasticsearch.yml\n", false],
    ['a container environment variable', '#!/bin/bash\ndocker run -d -e xpack.security.enabled=false -p 9200:9200 elasticsearch:8.15.0\n', false],
    ["OpenSearch's DISABLE_SECURITY_PLUGIN", '#!/bin/bash\ndocker run -d -e DISABLE_SECURITY_PLUGIN=true opensearchproject/opensearch:2\n', false],
  ])('%s', (_name, text, expected) => {
    expect(security(text)).toEqual({ known: true, value: expected });
  });

  test('a script that writes no config file leaves security unknown, never safe', () => {
    expect(security('#!/bin/bash\nyum install -y elasticsearch\n')).toEqual({ known: false, reason: expect.stringContaining('writes no elasticsearch.yml') });
  });

  test('a write into the config file the reader cannot follow makes security unknown', () => {
    expect(security('#!/bin/bash\nyum install -y elasticsearch\ncurl -s https://example.com/es.yml > /etc/elasticsearch/elasticsearch.yml\n'))
      .toEqual({ known: false, reason: expect.stringContaining('writes the config file in a way that is not read') });
  });

  test('invalid cloud-config YAML is reported with the parser message', () => {
    expect(readSearchNodeBoot('#cloud-config\nruncmd: [a: b: c]\n').unreadable).toMatch(/^the cloud-config is not valid YAML/);
  });
});
