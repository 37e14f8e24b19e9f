/// What an Amazon Bedrock AgentCore Runtime execution role needs besides the model: pulling the
/// agent's container image, writing its logs, traces and metrics, and getting workload access
/// tokens (aws-facts §6; the actions are AWS's documented set, as in AWS CDK
/// `aws-bedrock-agentcore-alpha` `runtime/perms.ts`).
///
/// The record names neither the ECR repository nor the agent runtime, so the image statement
/// covers the account's repositories in the Region and the workload identity statement every
/// identity in the default directory; AWS's examples narrow them to one repository and
/// `<agentName>-*`.
enum AgentCoreExecutionPolicy {
  /// The statements for a runtime in `region` of `account`.
  static func statements(partition: AWSPartition, region: String, account: String)
    -> [PolicyStatement]
  {
    let p = partition.rawValue
    let logGroups = String(
      spliced: "arn:\(p):logs:\(region):\(account):log-group:/aws/bedrock-agentcore/runtimes/*")
    let directory = String(
      spliced: "arn:\(p):bedrock-agentcore:\(region):\(account):workload-identity-directory")
    return [
      PolicyStatement(
        sid: "AgentCoreImagePull", effect: .allow,
        actions: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        resources: [String(spliced: "arn:\(p):ecr:\(region):\(account):repository/*")]),
      PolicyStatement(
        sid: "AgentCoreImageAuthorization", effect: .allow,
        actions: ["ecr:GetAuthorizationToken"], resources: ["*"]),
      PolicyStatement(
        sid: "AgentCoreLogGroups", effect: .allow,
        actions: ["logs:DescribeLogStreams", "logs:CreateLogGroup"], resources: [logGroups]),
      PolicyStatement(
        sid: "AgentCoreDescribeLogGroups", effect: .allow, actions: ["logs:DescribeLogGroups"],
        resources: [String(spliced: "arn:\(p):logs:\(region):\(account):log-group:*")]),
      PolicyStatement(
        sid: "AgentCoreLogEvents", effect: .allow,
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [String(spliced: "\(logGroups):log-stream:*")]),
      PolicyStatement(
        sid: "AgentCoreTracing", effect: .allow,
        actions: [
          "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
          "xray:GetSamplingTargets",
        ],
        resources: ["*"]),
      PolicyStatement(
        sid: "AgentCoreMetrics", effect: .allow, actions: ["cloudwatch:PutMetricData"],
        resources: ["*"],
        conditions: [PolicyCondition("StringEquals", "cloudwatch:namespace", "bedrock-agentcore")]),
      PolicyStatement(
        sid: "AgentCoreWorkloadAccessToken", effect: .allow,
        actions: [
          "bedrock-agentcore:GetWorkloadAccessToken",
          "bedrock-agentcore:GetWorkloadAccessTokenForJWT",
          "bedrock-agentcore:GetWorkloadAccessTokenForUserId",
        ],
        resources: [
          String(spliced: "\(directory)/default"),
          String(spliced: "\(directory)/default/workload-identity/*"),
        ]),
    ]
  }
}
