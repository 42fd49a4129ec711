/**
 * One CloudWatch Logs resource policy per stack that lets OpenSearch Service write the log groups
 * of every SecureSearchDomain of the stack. A Region holds at most 10 such policies per account
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html), and the L2
 * `Domain` would create one per domain through a Lambda custom resource. The conditions follow the
 * developer guide's confused-deputy advice: `aws:SourceAccount` and `aws:SourceArn`
 * (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/createdomain-configure-slow-logs.html).
 */
import { ArnFormat, Lazy, Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';

const SINGLETON_ID = 'SearchGuardrailsDomainLogsPolicy';
const BRAND = Symbol.for('search-guardrails.DomainLogsResourcePolicy');

export class DomainLogsResourcePolicy extends Construct {
  /** The stack's policy, created by the first domain that asks. */
  public static of(scope: IConstruct): DomainLogsResourcePolicy {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SINGLETON_ID);
    if (existing !== undefined && (existing as any)[BRAND] === true) return existing as DomainLogsResourcePolicy;
    return new DomainLogsResourcePolicy(stack, SINGLETON_ID);
  }

  public readonly resource: logs.CfnResourcePolicy;
  private readonly document = new iam.PolicyDocument();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    Object.defineProperty(this, BRAND, { value: true });
    const stack = Stack.of(this);
    this.resource = new logs.CfnResourcePolicy(this, 'Resource', {
      policyName: Names.uniqueResourceName(this, { maxLength: 255 }),
      policyDocument: Lazy.string({ produce: () => stack.toJsonString(this.document) }),
    });
  }

  /**
   * Lets OpenSearch Service in this account write `logGroups` for the domain named `domainName`
   * (any domain of the account and Region while CloudFormation generates the name: the domain's
   * ARN cannot be used, the domain depends on this policy).
   */
  public allowDomain(domainName: string | undefined, logGroups: logs.ILogGroup[]): void {
    const stack = Stack.of(this);
    const domainArn = stack.formatArn({
      service: 'es',
      resource: 'domain',
      resourceName: domainName !== undefined && !Token.isUnresolved(domainName) ? domainName : '*',
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.document.addStatements(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('es.amazonaws.com')],
      actions: ['logs:PutLogEvents', 'logs:CreateLogStream'],
      resources: logGroups.map(group => group.logGroupArn),
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': domainArn },
      },
    }));
  }
}
