/** An inbound `azurerm_network_security_rule` body that admits 10.0.0.0/8 to 9200 over TCP; `overrides` change any member. */
export const azurermRule = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'allow-es',
  priority: 100,
  direction: 'Inbound',
  access: 'Allow',
  protocol: 'Tcp',
  source_port_range: '*',
  destination_port_range: '9200',
  source_address_prefix: '10.0.0.0/8',
  destination_address_prefix: '*',
  ...overrides,
});
