import FinOpsCore

/// The trust policy of a workload role: which service (or identity provider) may assume it, from
/// the runtime the Product Owner selected (aws-facts §2.1, §2.2).
///
/// | runtime | principal | action | conditions |
/// | --- | --- | --- | --- |
/// | `lambda` | `lambda.amazonaws.com` | `sts:AssumeRole` | `aws:SourceAccount` |
/// | `ecs` (task role) | `ecs-tasks.amazonaws.com` | `sts:AssumeRole` | `aws:SourceAccount` |
/// | `eks-irsa` | the cluster's OIDC provider | `sts:AssumeRoleWithWebIdentity` | `aud`, `sub` |
/// | `eks-pod-identity` | `pods.eks.amazonaws.com` | `AssumeRole`, `TagSession` | namespace, SA |
/// | `ec2` | `ec2.amazonaws.com` | `sts:AssumeRole` | none; the role goes in an instance profile |
/// | `sagemaker` | `sagemaker.amazonaws.com` | `sts:AssumeRole` | none |
/// | `step-functions` | `states.amazonaws.com` | `sts:AssumeRole` | `aws:SourceAccount` |
/// | `agentcore` | `bedrock-agentcore.amazonaws.com` | `sts:AssumeRole` | account, `SourceArn` |
///
/// There is no App Runner runtime: App Runner is closed to new customers from 30 April 2026 and
/// AWS recommends Amazon ECS Express Mode instead (aws-facts §2.1), which the `ecs` trust covers.
///
/// Only the commercial partition's service principals are used; aws-facts does not list others.
public enum TrustPolicy {
  /// The stand-in for the EKS cluster's OIDC provider ID in an IRSA trust policy, which the
  /// record cannot know; the IAM role step's commands replace it from `aws eks describe-cluster`.
  public static let oidcIDPlaceholder = "EKS_OIDC_ID"

  /// The trust policy for `runtime` in `account`, `region`; `serviceAccount` is what EKS pods
  /// run as.
  public static func document(
    runtime: Runtime, account: String, region: String, serviceAccount: KubernetesServiceAccount
  ) -> PolicyDocument {
    let partition = AWSPartition(region: region)
    let sourceAccount = PolicyCondition("StringEquals", "aws:SourceAccount", account)
    let statement: PolicyStatement
    switch runtime {
    case .lambda:
      statement = PolicyStatement(
        sid: "AllowLambdaToAssumeRole", effect: .allow,
        principal: PolicyPrincipal(.service, "lambda.amazonaws.com"), actions: ["sts:AssumeRole"],
        conditions: [sourceAccount])
    case .ecs:
      statement = PolicyStatement(
        sid: "AllowEcsTasksToAssumeRole", effect: .allow,
        principal: PolicyPrincipal(.service, "ecs-tasks.amazonaws.com"),
        actions: ["sts:AssumeRole"], conditions: [sourceAccount])
    case .eksIRSA:
      let issuer = String(spliced: "oidc.eks.\(region).amazonaws.com/id/\(oidcIDPlaceholder)")
      statement = PolicyStatement(
        sid: "AllowEksServiceAccountWebIdentity", effect: .allow,
        principal: PolicyPrincipal(
          .federated,
          String(spliced: "arn:\(partition.rawValue):iam::\(account):oidc-provider/\(issuer)")),
        actions: ["sts:AssumeRoleWithWebIdentity"],
        conditions: [
          PolicyCondition("StringEquals", String(spliced: "\(issuer):aud"), "sts.amazonaws.com"),
          PolicyCondition("StringEquals", String(spliced: "\(issuer):sub"), serviceAccount.subject),
        ])
    case .eksPodIdentity:
      statement = PolicyStatement(
        sid: "AllowEksAuthToAssumeRoleForPodIdentity", effect: .allow,
        principal: PolicyPrincipal(.service, "pods.eks.amazonaws.com"),
        actions: ["sts:AssumeRole", "sts:TagSession"],
        conditions: [
          PolicyCondition(
            "StringEquals", "aws:RequestTag/kubernetes-namespace", serviceAccount.namespace),
          PolicyCondition(
            "StringEquals", "aws:RequestTag/kubernetes-service-account", serviceAccount.name),
        ])
    case .ec2:
      statement = PolicyStatement(
        sid: "AllowEc2ToAssumeRole", effect: .allow,
        principal: PolicyPrincipal(.service, "ec2.amazonaws.com"), actions: ["sts:AssumeRole"])
    case .sagemaker:
      statement = PolicyStatement(
        sid: "AllowSageMakerToAssumeRole", effect: .allow,
        principal: PolicyPrincipal(.service, "sagemaker.amazonaws.com"),
        actions: ["sts:AssumeRole"])
    case .stepFunctions:
      statement = PolicyStatement(
        sid: "AllowStepFunctionsToAssumeRole", effect: .allow,
        principal: PolicyPrincipal(.service, "states.amazonaws.com"), actions: ["sts:AssumeRole"],
        conditions: [sourceAccount])
    case .agentcore:
      statement = PolicyStatement(
        sid: "AllowAgentCoreRuntimeToAssumeRole", effect: .allow,
        principal: PolicyPrincipal(.service, "bedrock-agentcore.amazonaws.com"),
        actions: ["sts:AssumeRole"],
        conditions: [
          sourceAccount,
          PolicyCondition(
            "ArnLike", "aws:SourceArn",
            String(spliced: "arn:\(partition.rawValue):bedrock-agentcore:\(region):\(account):*")),
        ])
    }
    return PolicyDocument(statements: [statement])
  }
}
