/**
 * Regions with availability zones, from
 * https://learn.microsoft.com/azure/reliability/regions-list (the "Availability zone support"
 * column), as of the 2025 list. A region missing here gets no zones unless `availabilityZones`
 * names them; a zone list in a region without zones fails at `terraform apply`.
 */
import { Token } from 'cdktf';

const REGIONS_WITH_ZONES = new Set([
  'australiaeast', 'austriaeast', 'belgiumcentral', 'brazilsouth', 'canadacentral', 'centralindia', 'centralus',
  'chilecentral', 'eastasia', 'eastus', 'eastus2', 'francecentral', 'germanywestcentral', 'indonesiacentral',
  'israelcentral', 'italynorth', 'japaneast', 'japanwest', 'koreacentral', 'malaysiawest', 'mexicocentral',
  'newzealandnorth', 'northeurope', 'norwayeast', 'polandcentral', 'qatarcentral', 'southafricanorth',
  'southcentralus', 'southeastasia', 'spaincentral', 'swedencentral', 'switzerlandnorth', 'uaenorth', 'uksouth',
  'westeurope', 'westus2', 'westus3', 'usgovvirginia', 'chinanorth3',
]);

/** Zones 1-3 in a region known to have them (`West Europe` and `westeurope` alike), else none (also for a reference). */
export function defaultAvailabilityZones(location: string): string[] {
  if (Token.isUnresolved(location)) return [];
  const region = location.toLowerCase().replace(/\s+/g, '');
  return REGIONS_WITH_ZONES.has(region) ? ['1', '2', '3'] : [];
}
