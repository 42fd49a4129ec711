/**
 * Resource types that can open a network path to a cluster (spec: "Unknown is not safe"): load
 * balancers and their listeners, instances and templates that can run a cluster, interfaces and
 * public addresses, gateways, nested deployments. Kept in one place: the translators read it.
 *
 * A type here that the input holds and its translator does not model (it is then in the model's
 * `unmodelledResourceTypes`, and each such resource an `opaque` entry) keeps a scan from being
 * clean: `unverifiable-network`, an error. A type a translator models is judged instead; listing it
 * here does no harm, so the list says what can open a path, not what is modelled today.
 */
export const RESOURCE_TYPES_THAT_CAN_OPEN_PATHS: readonly string[] = [
  // Terraform, AWS provider
  'aws_lb', 'aws_alb', 'aws_lb_listener', 'aws_alb_listener', 'aws_lb_listener_rule', 'aws_lb_target_group',
  'aws_alb_target_group', 'aws_lb_target_group_attachment', 'aws_alb_target_group_attachment', 'aws_elb',
  'aws_elb_attachment', 'aws_instance', 'aws_spot_instance_request', 'aws_launch_template', 'aws_launch_configuration',
  'aws_autoscaling_group', 'aws_autoscaling_attachment', 'aws_network_interface', 'aws_network_interface_attachment',
  'aws_network_interface_sg_attachment', 'aws_eip', 'aws_eip_association', 'aws_default_security_group',
  'aws_api_gateway_integration', 'aws_apigatewayv2_integration', 'aws_globalaccelerator_endpoint_group',
  'aws_cloudfront_distribution', 'aws_ecs_service', 'aws_eks_node_group', 'aws_cloudformation_stack',
  'aws_opensearch_vpc_endpoint', 'aws_opensearchserverless_vpc_endpoint', 'aws_vpc_endpoint_service',
  // Terraform, azurerm (and azapi)
  'azurerm_public_ip', 'azurerm_lb', 'azurerm_lb_rule', 'azurerm_lb_nat_rule', 'azurerm_lb_nat_pool',
  'azurerm_application_gateway', 'azurerm_firewall', 'azurerm_firewall_nat_rule_collection',
  'azurerm_firewall_policy_rule_collection_group', 'azurerm_network_interface',
  'azurerm_network_interface_security_group_association', 'azurerm_subnet_network_security_group_association',
  'azurerm_linux_virtual_machine', 'azurerm_windows_virtual_machine', 'azurerm_virtual_machine',
  'azurerm_linux_virtual_machine_scale_set', 'azurerm_windows_virtual_machine_scale_set',
  'azurerm_orchestrated_virtual_machine_scale_set', 'azurerm_resource_group_template_deployment', 'azapi_resource',
  // CloudFormation
  'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::ElasticLoadBalancing::LoadBalancer', 'AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::AutoScalingGroup',
  'AWS::AutoScaling::LaunchConfiguration', 'AWS::EC2::NetworkInterface', 'AWS::EC2::EIP', 'AWS::EC2::EIPAssociation',
  'AWS::CloudFormation::Stack', 'AWS::ApiGateway::Method', 'AWS::CloudFront::Distribution', 'AWS::OpenSearchService::VpcEndpoint',
  // azurerm: front ends and links that can carry internet traffic to a private address.
  'azurerm_cdn_frontdoor_origin', 'azurerm_frontdoor', 'azurerm_cdn_endpoint', 'azurerm_api_management_backend',
  'azurerm_private_link_service', 'azurerm_virtual_network_peering', 'azurerm_container_group',
  // CloudFormation: front ends, links and registrations that can carry internet traffic to a private address.
  'AWS::GlobalAccelerator::EndpointGroup', 'AWS::EC2::VPCEndpointService', 'AWS::ApiGateway::VpcLink', 'AWS::ApiGatewayV2::VpcLink',
  'AWS::CloudFront::VpcOrigin', 'AWS::EC2::VPCPeeringConnection', 'AWS::EC2::TransitGatewayAttachment', 'AWS::EC2::ClientVpnEndpoint',
  'AWS::ECS::Service', 'AWS::VpcLattice::TargetGroup', 'AWS::OpenSearchServerless::VpcEndpoint',
];

const PATH_TYPES = new Set(RESOURCE_TYPES_THAT_CAN_OPEN_PATHS);

/** Whether a resource type can open a path to a cluster (a modelled one is judged; an unmodelled one fails closed). */
export function canOpenPath(resourceType: string): boolean {
  return PATH_TYPES.has(resourceType);
}
