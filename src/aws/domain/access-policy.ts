/**
 * The domain's access policy, written on `AWS::OpenSearchService::Domain.AccessPolicies` itself.
 * The L2 `Domain` applies `accessPolicies` through a Lambda custom resource calling
 * `UpdateDomainConfig` after creation, which fails now and then with AccessDenied while IAM
 * propagates the Lambda's permission (https://github.com/aws/aws-cdk/issues/37939). The policy
 * names no ARN of the domain (that would be a cycle); a resource-based policy applies to the
 * domain it is attached to.
 */
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * IAM master user: the master role and the given principals, so that nobody is locked out.
 * Internal user database: any principal; fine-grained access control authenticates every request
 * with the user's name and password. A policy naming IAM principals would force signed requests,
 * which internal users cannot make
 * (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html#fgac-recommendations).
 */
export function domainAccessPolicy(masterUserRole: iam.IRole | undefined, accessPrincipals: readonly iam.IPrincipal[]): iam.PolicyDocument {
  const principals = masterUserRole === undefined ? [new iam.AnyPrincipal()] : [masterUserRole, ...accessPrincipals];
  return new iam.PolicyDocument({
    statements: [new iam.PolicyStatement({
      principals,
      actions: ['es:ESHttp*'],
      resources: ['*'],
    })],
  });
}
