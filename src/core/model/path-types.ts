/**
 * Resource types that can open a network path to a cluster when no translator models them (spec:
 * "Unknown is not safe"). Kept in one place: the scan's "no silent pass" summary and the translators
 * read this list. A type here that the input holds and no translator reads keeps a scan from being clean.
 */
export const RESOURCE_TYPES_THAT_CAN_OPEN_PATHS: readonly string[] = [
  // Filled by the translators' owners; every entry is a type a translator does not (yet) model.
  // azurerm: front ends and links that can carry internet traffic to a private address.
  'azurerm_cdn_frontdoor_origin', 'azurerm_frontdoor', 'azurerm_cdn_endpoint', 'azurerm_api_management_backend',
  'azurerm_private_link_service', 'azurerm_virtual_network_peering', 'azurerm_container_group',
  // CloudFormation: front ends, links and registrations that can carry internet traffic to a private address.
  'AWS::GlobalAccelerator::EndpointGroup', 'AWS::EC2::VPCEndpointService', 'AWS::ApiGateway::VpcLink', 'AWS::ApiGatewayV2::VpcLink',
  'AWS::CloudFront::VpcOrigin', 'AWS::EC2::VPCPeeringConnection', 'AWS::EC2::TransitGatewayAttachment', 'AWS::EC2::ClientVpnEndpoint',
  'AWS::ECS::Service', 'AWS::VpcLattice::TargetGroup', 'AWS::OpenSearchServerless::SecurityPolicy', 'AWS::OpenSearchServerless::VpcEndpoint',
];

/** Whether an unmodelled resource type can open a path to a cluster. */
export function canOpenPath(resourceType: string): boolean {
  return RESOURCE_TYPES_THAT_CAN_OPEN_PATHS.includes(resourceType);
}
