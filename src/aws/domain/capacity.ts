/**
 * The node layout of a SecureSearchDomain: defaults that survive the loss of a zone, and the
 * combinations the OpenSearch Service API refuses, refused at construction instead of after a
 * 20-minute CloudFormation rollback.
 *
 * - Dedicated masters: "greater than 2 and not 4" (API reference, ClusterConfig.DedicatedMasterCount:
 *   https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_ClusterConfig.html); the
 *   developer guide offers 3 or 5 (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-dedicatedmasternodes.html).
 * - Data nodes: at least one per zone and a multiple of the zone count
 *   (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-multiaz.html).
 * - Multi-AZ with Standby: 3 zones and 3 dedicated master nodes
 *   (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-multiaz.html#managedomains-za-standby).
 */
import { Token } from 'aws-cdk-lib';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { invalidCapacity } from './errors';
import { withDefaults } from './with-defaults';

export const DEFAULT_DATA_NODE_INSTANCE_TYPE = 'r6g.large.search';
export const DEFAULT_MASTER_NODE_INSTANCE_TYPE = 'm6g.large.search';
/** Three masters keep a quorum (2) when one zone is lost, whatever the number of zones. */
export const DEFAULT_MASTER_NODES = 3;
const ALLOWED_MASTER_NODES = [0, 3, 5];

/** The capacity the domain gets: the defaults, overridden field by field by `capacity`. */
export function resolveCapacity(path: string, capacity: opensearch.CapacityConfig | undefined, zoneCount: number): opensearch.CapacityConfig {
  const resolved = withDefaults<opensearch.CapacityConfig>({
    dataNodes: zoneCount,
    dataNodeInstanceType: DEFAULT_DATA_NODE_INSTANCE_TYPE,
    masterNodes: DEFAULT_MASTER_NODES,
    masterNodeInstanceType: DEFAULT_MASTER_NODE_INSTANCE_TYPE,
    multiAzWithStandbyEnabled: false,
  }, capacity);
  validateCapacity(path, resolved, zoneCount);
  return resolved;
}

function validateCapacity(path: string, capacity: opensearch.CapacityConfig, zoneCount: number): void {
  const masters = capacity.masterNodes!;
  if (!Token.isUnresolved(masters) && !ALLOWED_MASTER_NODES.includes(masters)) {
    throw invalidCapacity(path, `${masters} dedicated master nodes are refused by OpenSearch Service (3 or 5, or none)`,
      'Set capacity.masterNodes to 3 (the default; a quorum survives the loss of a zone) or 5');
  }
  const dataNodes = capacity.dataNodes!;
  if (!Token.isUnresolved(dataNodes) && dataNodes < zoneCount) {
    throw invalidCapacity(path, `${dataNodes} data nodes cannot fill its ${zoneCount} zones`,
      `Set capacity.dataNodes to at least ${zoneCount}`);
  }
  if (!Token.isUnresolved(dataNodes) && dataNodes % zoneCount !== 0) {
    throw invalidCapacity(path, `needs a number of data nodes that is a multiple of its ${zoneCount} zones, got ${dataNodes}`,
      `Set capacity.dataNodes to ${zoneCount}, ${zoneCount * 2}, ...`);
  }
  if (capacity.multiAzWithStandbyEnabled === true && (zoneCount !== 3 || (!Token.isUnresolved(masters) && masters !== 3))) {
    throw invalidCapacity(path, `Multi-AZ with Standby needs 3 zones and 3 dedicated master nodes, got ${zoneCount} zones and ${masters} masters`,
      'Give the VPC private subnets in 3 zones and keep capacity.masterNodes at 3, or leave multiAzWithStandbyEnabled off');
  }
}
