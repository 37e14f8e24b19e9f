import FinOpsCore

extension CloudEngineerTask {
  /// Step 1: confirm the model (or the Claude Platform workspace) is usable from the account and
  /// Region, with `get-foundation-model-availability` and the console (aws-facts §2.3–§2.5).
  static func modelAccessStep(_ approved: ApprovedTarget, accountName: String?) -> TaskStep {
    let region = approved.region
    let named = accountName.map { String(spliced: " (\($0))") } ?? ""
    let scope = String(spliced: "account \(approved.account)\(named) in \(region)")
    switch approved.target {
    case .claudePlatform(let workspace):
      return TaskStep(
        key: "model-access", title: "Verify model access",
        summary: String(
          spliced: """
            Confirm Claude Platform on AWS is usable from \(scope): outbound web identity \
            federation must be enabled, and the signed request for \(approved.model) \
            through workspace \(workspace.id) must return the model rather than an error.
            """),
        commands: [
          "aws iam get-outbound-web-identity-federation-info",
          claudePlatformModelCheck(model: approved.model, workspace: workspace),
        ],
        links: [
          TaskLink(
            title: "Claude Platform on AWS: prerequisites",
            url: "https://docs.aws.amazon.com/claude-platform/latest/userguide/prerequisites.html"),
          TaskLink(
            title: "Claude Platform on AWS: workspaces",
            url: "https://docs.aws.amazon.com/claude-platform/latest/userguide/workspaces.html"),
        ])
    case .bedrock(let model):
      let base = model.foundationModelID
      var commands = [
        AWSCommand("bedrock", "get-foundation-model-availability")
          .option("--model-id", base).option("--region", region).text
      ]
      var checks =
        "authorizationStatus AUTHORIZED, entitlementAvailability and regionAvailability AVAILABLE"
      if model.isInferenceProfile {
        commands.append(
          AWSCommand("bedrock", "get-inference-profile")
            .option("--inference-profile-identifier", model.id).option("--region", region)
            .option("--query", "models[].modelArn").option("--output", "text").text)
        checks += ", and every model ARN the profile lists present in permission-policy.json"
      } else {
        commands.append(
          AWSCommand("bedrock", "get-foundation-model")
            .option("--model-identifier", base).option("--region", region)
            .option("--query", "modelDetails.inferenceTypesSupported").option("--output", "text")
            .text)
        checks += ", and ON_DEMAND among the inference types"
      }
      var summary = String(spliced: "Confirm \(base) is available to \(scope): \(checks).")
      if model.provider != "amazon" {
        commands.append(agreementCommand(model: base, region: region))
        summary +=
          " The last command accepts the Marketplace offer only if the account has no "
          + "agreement yet, so the role's first call needs no Marketplace permissions."
      }
      var links: [TaskLink] = []
      if let origin = approved.partition.consoleOrigin(region: region) {
        let console = String(spliced: "\(origin)/bedrock/home?region=\(region)")
        links = [
          TaskLink(
            title: String(spliced: "Amazon Bedrock model catalog: \(base) (\(region))"),
            url: String(spliced: "\(console)#/model-catalog/serverless/\(base)")),
          TaskLink(
            title: String(spliced: "Amazon Bedrock model access (\(region), retired page)"),
            url: String(spliced: "\(console)#/modelaccess")),
        ]
      }
      return TaskStep(
        key: "model-access", title: "Verify model access", summary: summary, commands: commands,
        links: links)
    }
  }

  /// Step 2: create the role with the runtime's trust policy, tag it for cost attribution, and
  /// do the runtime's extra setup (OIDC provider, Pod Identity association, instance profile).
  static func iamRoleStep(_ context: ProvisioningContext, files: Files) -> TaskStep {
    let name = context.roleName
    let region = context.region
    let serviceAccount = context.serviceAccount
    let cluster = "\"${EKS_CLUSTER:?set EKS_CLUSTER to the name of the EKS cluster}\""
    var commands: [String] = []
    if context.runtime == .eksIRSA {
      let describe = AWSCommand("eks", "describe-cluster").rawOption("--name", cluster)
        .option("--region", region).option("--query", "cluster.identity.oidc.issuer")
        .option("--output", "text").singleLine
      let placeholder = TrustPolicy.oidcIDPlaceholder
      let trust = files.trust.name
      commands += [
        String(spliced: "OIDC_ID=$(\(describe) | sed 's|.*/id/||')"),
        AWSCommand("iam", "list-open-id-connect-providers")
          .rawOption(
            "--query", "\"OpenIDConnectProviderList[?ends_with(Arn, '/id/$OIDC_ID')].Arn\""
          )
          .option("--output", "text").text,
        String(
          spliced: """
            sed "s/\(placeholder)/${OIDC_ID:?the cluster has no OIDC issuer}/g" \(trust) > \
            \(trust).tmp && mv \(trust).tmp \(trust)
            """),
      ]
    }
    commands.append(
      AWSCommand("iam", "create-role").option("--role-name", name)
        .option("--assume-role-policy-document", String(spliced: "file://\(files.trust.name)"))
        .option(
          "--description", String(spliced: "FinOps Center workload role for \(context.reference)")
        ).text)
    commands.append(
      AWSCommand("iam", "tag-role").option("--role-name", name)
        .option(
          "--tags", String(spliced: "Key=finops:workload,Value=\(context.slug)"),
          String(spliced: "Key=finops:component,Value=\(context.componentID)")
        ).text)
    switch context.runtime {
    case .ec2:
      commands += [
        AWSCommand("iam", "create-instance-profile").option("--instance-profile-name", name).text,
        AWSCommand("iam", "add-role-to-instance-profile").option("--instance-profile-name", name)
          .option("--role-name", name).text,
      ]
    case .eksPodIdentity:
      commands.append(
        AWSCommand("eks", "create-pod-identity-association").rawOption("--cluster-name", cluster)
          .option("--namespace", serviceAccount.namespace)
          .option("--service-account", serviceAccount.name).option("--role-arn", context.roleARN)
          .option("--region", region).text)
    default: break
    }
    commands.append(
      AWSCommand("iam", "get-role").option("--role-name", name).option("--query", "Role.Arn")
        .option("--output", "text").text)
    let summary = String(
      spliced: """
        Create \(name) with \(files.trust.name), which lets \(trustedBy(context)) assume it, and \
        tag it with the workload and component so its spend is attributed to \
        \(context.reference). The last command should print \(context.roleARN).
        """)
    return TaskStep(
      key: "iam-role", title: "Create the IAM role", summary: summary, commands: commands,
      files: [files.trust], links: runtimeLinks(context.runtime))
  }

  /// Step 3: attach the permission policy inline and read it back.
  static func permissionPolicyStep(_ context: ProvisioningContext, files: Files) -> TaskStep {
    let name = context.roleName
    let commands = [
      AWSCommand("iam", "put-role-policy").option("--role-name", name)
        .option("--policy-name", PermissionPolicy.name)
        .option("--policy-document", String(spliced: "file://\(files.permission.name)")).text,
      AWSCommand("iam", "get-role-policy").option("--role-name", name)
        .option("--policy-name", PermissionPolicy.name).text,
    ]
    let targets: String
    var links = [
      TaskLink(
        title: "IAM: NotResource",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
          + "reference_policies_elements_notresource.html")
    ]
    switch context.target {
    case .claudePlatform(let workspace):
      targets = String(spliced: "workspace \(workspace.id)")
      links.append(
        TaskLink(
          title: "Claude Platform on AWS: IAM policies",
          url: "https://docs.aws.amazon.com/claude-platform/latest/userguide/iam-policies.html"))
    case .bedrock(let model):
      switch model.geography {
      case nil:
        targets = String(spliced: "\(model.foundationModelID) in \(context.region)")
      case .global?:
        targets = String(spliced: "the global profile \(model.id) and the model it routes to")
        links.append(
          TaskLink(
            title: "Amazon Bedrock: global cross-Region inference",
            url: "https://docs.aws.amazon.com/bedrock/latest/userguide/"
              + "global-cross-region-inference.html"))
      case .some:
        targets = String(
          spliced: "the profile \(model.id) and its model in every destination Region")
        links.append(
          TaskLink(
            title: "Amazon Bedrock: prerequisites for inference profiles",
            url: "https://docs.aws.amazon.com/bedrock/latest/userguide/"
              + "inference-profiles-prereq.html"))
      }
    }
    return TaskStep(
      key: "permission-policy", title: "Apply the permission policy",
      summary: String(
        spliced: """
          Attach permission-policy.json to \(name) as the inline policy \
          \(PermissionPolicy.name): it allows inference on \(targets) only and denies the AI \
          inference services on every other resource, the deny-all baseline in the form IAM \
          enforces (an explicit Deny with NotResource).
          """),
      commands: commands, files: [files.permission], links: links)
  }

  /// Step 4: check that IAM allows the approved call, then mark the task implemented.
  static func implementStep(_ context: ProvisioningContext) -> TaskStep {
    var simulate = AWSCommand("iam", "simulate-principal-policy")
      .option("--policy-source-arn", context.roleARN)
    switch context.target {
    case .claudePlatform(let workspace):
      simulate = simulate.option("--action-names", "aws-external-anthropic:CreateInference")
        .option("--resource-arns", workspace.arn)
    case .bedrock(let model):
      let arn =
        model.inferenceProfileARN(
          region: context.region, account: context.account, partition: context.partition)
        ?? model.foundationModelARN(region: context.region, partition: context.partition)
      simulate = simulate.option(
        "--action-names", PermissionPolicy.bedrockInvokeActions[0],
        PermissionPolicy.bedrockInvokeActions[1]
      )
      .option("--resource-arns", arn)
      if model.geography == .global {
        simulate = simulate.option(
          "--context-entries",
          String(
            spliced: """
              ContextKeyName=aws:RequestedRegion,ContextKeyValues=\(context.region),\
              ContextKeyType=string
              """))
      }
    }
    simulate = simulate.option("--query", "EvaluationResults[].[EvalActionName,EvalDecision]")
      .option("--output", "text")
    return TaskStep(
      key: "implement", title: "Mark the task implemented",
      summary: String(
        spliced: """
          Check that IAM lets \(context.roleName) call the approved target: every line \
          should end in 'allowed'. Then mark the task implemented: \(context.reference) becomes \
          ready to claim and the Developer Handoff (role ARN and model ID) goes to the Product \
          Owner.
          """),
      commands: [simulate.text])
  }

  /// Who the trust policy lets assume the role, in words.
  private static func trustedBy(_ context: ProvisioningContext) -> String {
    let account = context.serviceAccount
    switch context.runtime {
    case .lambda: return "Lambda functions in the account"
    case .ecs: return "ECS tasks in the account (as their task role)"
    case .eksIRSA:
      return String(
        spliced: """
          pods running as service account \(account.namespace)/\(account.name) through the \
          cluster's OIDC provider
          """)
    case .eksPodIdentity:
      return String(
        spliced: "EKS Pod Identity for service account \(account.namespace)/\(account.name)")
    case .ec2: return "EC2 instances through the instance profile of the same name"
    case .sagemaker: return "SageMaker"
    case .stepFunctions: return "Step Functions state machines in the account"
    case .agentcore: return "AgentCore Runtime in the account and Region"
    }
  }

  /// The AWS page behind each runtime's trust policy (aws-facts §2.1).
  private static func runtimeLinks(_ runtime: Runtime) -> [TaskLink] {
    let page: String? =
      switch runtime {
      case .lambda: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html"
      case .ecs: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html"
      case .eksIRSA:
        "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html"
      case .eksPodIdentity: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html"
      case .ec2:
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
          + "iam_example_iam_AddRoleToInstanceProfile_section.html"
      case .sagemaker: nil
      case .stepFunctions:
        "https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html"
      case .agentcore:
        "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/runtime-permissions.html"
      }
    return page.map { [TaskLink(title: String(spliced: "AWS: \(runtime.title) role"), url: $0)] }
      ?? []
  }

  /// Accepts the model's public Marketplace offer when the account has no agreement yet.
  private static func agreementCommand(model: String, region: String) -> String {
    let status = AWSCommand("bedrock", "get-foundation-model-availability")
      .option("--model-id", model).option("--region", region)
      .option("--query", "agreementAvailability.status").option("--output", "text").singleLine
    let offer = AWSCommand("bedrock", "list-foundation-model-agreement-offers")
      .option("--model-id", model).option("--offer-type", "PUBLIC").option("--region", region)
      .option("--query", "offers[0].offerToken").option("--output", "text").singleLine
    let create = AWSCommand("bedrock", "create-foundation-model-agreement")
      .option("--model-id", model).option("--region", region).singleLine
    return String(
      spliced: """
        if [ "$(\(status))" = NOT_AVAILABLE ]; then
          \(create) \\
            --offer-token "$(\(offer))"
        fi
        """)
  }

  /// A SigV4-signed `GET /v1/models/MODEL` through the workspace, with the engineer's own
  /// credentials exported in a subshell (aws-facts §5.4; AWS "Making requests").
  private static func claudePlatformModelCheck(
    model: String, workspace: ClaudePlatformWorkspace
  ) -> String {
    let url = Shell.quote(String(spliced: "\(workspace.endpoint)/v1/models/\(model)"))
    return String(
      spliced: """
        (eval "$(aws configure export-credentials --format env)" && curl \(url) \\
          --aws-sigv4 \(Shell.quote("aws:amz:\(workspace.region):aws-external-anthropic")) \\
          --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \\
          -H "x-amz-security-token: $AWS_SESSION_TOKEN" \\
          -H 'anthropic-version: 2023-06-01' \\
          -H \(Shell.quote("anthropic-workspace-id: \(workspace.id)")))
        """)
  }
}
