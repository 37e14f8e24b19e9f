import FinOpsCore

extension CloudEngineerTask {
  /// The caveats for this context, in a fixed order: the brief versus IAM, the runtime, the
  /// platform and model, cost attribution, and the partition.
  static func notes(_ context: ProvisioningContext) -> [String] {
    var notes = [
      "The brief's deny-all baseline with a bedrock:InvokedModelId condition is not real IAM: "
        + "that condition key does not exist and an explicit Deny on everything would override "
        + "the allow. The permission policy instead denies the AI inference services on every "
        + "resource except the approved ARNs (NotResource) and allows only those ARNs "
        + "(aws-facts §1.4, §1.5 D)."
    ]
    notes += runtimeNotes(context)
    notes += targetNotes(context)
    let tags = String(
      spliced: """
        The role is tagged finops:workload=\(context.slug) and finops:component=\
        \(context.componentID)
        """)
    switch context.target {
    case .bedrock:
      notes.append(
        String(
          spliced: """
            \(tags). Amazon Bedrock attributes inference cost to the calling role in CUR 2.0 \
            (line_item_iam_principal); the tags show there as iamPrincipal/finops:workload once \
            activated as cost allocation tags (aws-facts §4.1).
            """))
    case .claudePlatform:
      notes.append(
        String(
          spliced: """
            \(tags), but whether Claude Platform on AWS usage rows carry the calling role \
            (line_item_iam_principal) is unverified (aws-facts §9.5); its Marketplace line items \
            and the workspace's tags are the attribution keys the fact sheet confirms (§7).
            """))
    }
    if context.partition != .aws {
      notes.append(
        String(
          spliced: """
            \(context.region) is in the \(context.partition.rawValue) partition: the ARNs use it, \
            but the service principals, endpoints and console links are the commercial partition's \
            and are unverified there.
            """))
    }
    return notes
  }

  private static func runtimeNotes(_ context: ProvisioningContext) -> [String] {
    let account = context.serviceAccount
    let cluster =
      "Set EKS_CLUSTER to the application's EKS cluster name before running the "
      + "commands; the record does not name the cluster."
    let pods = String(
      spliced: """
        The pods must run as service account \(account.name) in namespace \
        \(account.namespace) (both derived from the record)
        """)
    switch context.runtime {
    case .lambda:
      return [
        String(
          spliced: """
            Use \(context.roleName) as the Lambda function's execution role. It carries only the \
            model permissions; attach AWSLambdaBasicExecutionRole too if the function writes \
            CloudWatch Logs.
            """)
      ]
    case .ecs:
      return [
        "This is the ECS task role (taskRoleArn), the one the application's SDK uses; the task "
          + "execution role that pulls images and secrets is separate and needs no model "
          + "permissions. The trust is fenced with aws:SourceAccount only: an aws:SourceArn "
          + "condition for ECS is unverified (aws-facts §9.8)."
      ]
    case .eksIRSA:
      return [
        String(
          spliced: """
            \(cluster) Run the commands in order in one shell: they read the ID of the cluster's \
            OIDC issuer into OIDC_ID and write it over \(TrustPolicy.oidcIDPlaceholder) in \
            trust-policy.json.
            """),
        "IRSA needs the cluster's IAM OIDC provider, created once per cluster: if the "
          + "list-open-id-connect-providers command prints nothing, create it first (for example "
          + "eksctl utils associate-iam-oidc-provider --cluster CLUSTER --approve).",
        String(
          spliced: """
            \(pods), annotated with the role: kubectl create serviceaccount \(account.name) -n \
            \(account.namespace), then kubectl annotate serviceaccount \(account.name) -n \
            \(account.namespace) eks.amazonaws.com/role-arn=\(context.roleARN).
            """),
      ]
    case .eksPodIdentity:
      return [
        cluster,
        "The cluster needs the EKS Pod Identity Agent add-on (aws eks create-addon "
          + "--cluster-name CLUSTER --addon-name eks-pod-identity-agent). The "
          + "create-pod-identity-association command is not in the fact sheet (aws-facts §9.8).",
        String(spliced: "\(pods); the trust policy's session-tag conditions allow no other."),
      ]
    case .ec2:
      return [
        String(
          spliced: """
            An instance profile holds exactly one role; the commands create the instance profile \
            \(context.roleName) holding this one. Attach it to the application's instances: \
            aws ec2 associate-iam-instance-profile --instance-id INSTANCE_ID \
            --iam-instance-profile Name=\(context.roleName).
            """)
      ]
    case .sagemaker:
      return [
        String(
          spliced: """
            Use \(context.roleName) as the execution role of the SageMaker notebook, job or \
            endpoint that calls the model. It carries only the model permissions; access to S3 or \
            logs goes in a separate policy.
            """)
      ]
    case .stepFunctions:
      return [
        String(
          spliced: """
            Use \(context.roleName) as the state machine's execution role. The trust uses \
            states.amazonaws.com; the current AWS page's exact trust JSON was not captured \
            (aws-facts §9.9).
            """)
      ]
    case .agentcore:
      var notes: [String] = []
      if context.requestedRuntime != .agentcore {
        notes.append(
          String(
            spliced: """
              The request names \(context.requestedRuntime.title), but on the AgentCore platform \
              the application runs as an AgentCore Runtime, so the role trusts \
              bedrock-agentcore.amazonaws.com.
              """))
      }
      notes.append(
        String(
          spliced: """
            Use \(context.roleName) as the AgentCore Runtime's execution role. Besides the model \
            it grants the runtime's image pull, logs, traces, metrics and workload access tokens \
            (aws-facts §6) over every ECR repository in \(context.region) and every workload \
            identity, because the record names neither; narrow them once the runtime exists.
            """))
      notes.append(
        "Model calls the runtime makes are attributed to this role; AgentCore Runtime compute is "
          + "billed under Amazon Bedrock AgentCore, which IAM principal attribution does not "
          + "cover (aws-facts §4.1).")
      return notes
    }
  }

  private static func targetNotes(_ context: ProvisioningContext) -> [String] {
    switch context.target {
    case .claudePlatform(let workspace):
      return [
        String(
          spliced: """
            Claude Platform on AWS is Anthropic-operated with AWS IAM and Marketplace billing; the \
            role is scoped to workspace \(workspace.id), which is bound to \(workspace.region) \
            (aws-facts §5.4).
            """),
        "Outbound web identity federation must be enabled once per account (aws iam "
          + "enable-outbound-web-identity-federation), or every request fails. That step and the "
          + "sts:GetWebIdentityToken and sts:TagGetWebIdentityToken statements come from AWS's "
          + "Claude Platform prerequisites page and AnthropicInferenceAccess managed policy, not "
          + "from the fact sheet.",
        "Unverified: the model check's GET /v1/models route, which the GetModel action implies, "
          + "and whether the IAM policy simulator evaluates aws-external-anthropic actions.",
      ]
    case .bedrock(let model):
      var notes: [String] = []
      if context.approval.platform == .marketplace {
        notes.append(
          "AWS Marketplace models here are serverless third-party models sold through "
            + "Marketplace, invoked like any Bedrock model: same actions, same ARNs (aws-facts "
            + "§7). Models deployed to Bedrock Marketplace endpoints are a different resource "
            + "(marketplace/model-endpoint) and are not covered (aws-facts §9.12).")
      }
      switch model.geography {
      case nil:
        notes.append(
          String(
            spliced: """
              \(model.id) is called in-Region, which needs ON_DEMAND in the model's \
              inferenceTypesSupported; models offered only through inference profiles need a \
              profile ID approved instead (aws-facts §1.2).
              """))
      case .global?:
        notes.append(
          "A global profile reaches the Region-less model ARN, which IAM evaluates with "
            + "aws:RequestedRegion = unspecified: a Service Control Policy that denies by Region "
            + "must allow it (aws-facts §1.3). The bedrock:InferenceProfileArn fencing of the two "
            + "model statements is marked to verify in aws-facts §1.5 C and §9.10.")
      case .some(let geography):
        notes.append(
          String(
            spliced: """
              The \(geography.rawValue) profile's destination Regions come from a table, not the \
              live profile (aws-facts §1.3): compare the get-inference-profile output with \
              permission-policy.json, since a missing Region fails the calls routed there.
              """))
        if !geography.includes(region: context.region) {
          notes.append(
            String(
              spliced: """
                \(context.region) is not among the \(geography.rawValue) profile's tabled Regions: \
                the policy adds it as the source Region, and get-inference-profile fails if the \
                profile is not offered there.
                """))
        }
      }
      if context.partition == .aws {
        notes.append(
          "The model catalog deep link follows a pattern seen in public code, not AWS "
            + "documentation, and the Model access page has been retired now that serverless "
            + "models are enabled automatically (aws-facts §2.4, §2.5, §9.14).")
      }
      if model.provider != "amazon" {
        notes.append(
          String(
            spliced: """
              \(model.foundationModelID) is a third-party model: where AWS Marketplace sells it, \
              the first call in an account creates the subscription and needs \
              aws-marketplace:Subscribe, Unsubscribe and ViewSubscriptions, which this role lacks, \
              so the model-access step accepts the offer first if the account has no agreement \
              (aws-facts §1.5 E, §2.5).
              """))
      }
      if model.provider == "anthropic" {
        notes.append(
          "Anthropic models also need the one-time first-use form, per account or once in the "
            + "organization's management account; if the agreement or the first call fails, "
            + "submit it in the Bedrock console (aws-facts §2.5).")
      }
      return notes
    }
  }
}
