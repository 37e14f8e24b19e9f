import FinOpsCore
import Synchronization

/// The Cloud Engineer's pre-built task for one approved component: the role to create, the
/// policies to attach and the four steps with their commands, all derived from the record.
///
/// Everything is a pure function of the workload, the component and `finops.yml`: the same
/// record always gives byte-for-byte the same task.
public struct CloudEngineerTask: Sendable {
  /// `slug/id`, the component's name.
  public var reference: String
  /// The workload's title.
  public var workloadTitle: String
  /// The approved platform.
  public var platform: Platform
  /// The runtime whose service assumes the role: the requested runtime, or AgentCore Runtime on
  /// the AgentCore platform.
  public var runtime: Runtime
  /// The approved account.
  public var account: String
  /// The account's name in `finops.yml`, when it is listed there.
  public var accountName: String?
  /// The approved Region.
  public var region: String
  /// The IAM role name: the approved override or `finops-{slug}-{id}`.
  public var roleName: String
  /// `arn:aws:iam::ACCOUNT:role/NAME`.
  public var roleARN: String
  /// The model ID as the application passes it.
  public var modelID: String
  /// The trust policy, generated from the runtime.
  public var trustDocument: PolicyDocument
  /// The trust policy as JSON, the content of `trust-policy.json`.
  public var trustPolicy: String
  /// The permission policy: the Deny guardrail and the Allow on the approved targets.
  public var permissionDocument: PolicyDocument
  /// The permission policy as JSON, the content of `permission-policy.json`.
  public var permissionPolicy: String
  /// The name of the inline permission policy on the role.
  public var permissionPolicyName: String
  /// The four steps, in order: `model-access`, `iam-role`, `permission-policy`, `implement`.
  public var steps: [TaskStep]
  /// Caveats the engineer must know: extra setup the runtime needs, what the fact sheet could not
  /// confirm, and where the brief asks for something AWS does not enforce.
  public var notes: [String]

  /// The task for `component` of `workload`; throws `ProvisioningError` when the component has no
  /// approval or the approval holds a value that cannot go into an ARN or a command.
  public init(workload: Workload, component: Component, configuration: Configuration) throws {
    self.init(
      try ProvisioningContext(workload: workload, component: component),
      configuration: configuration)
  }

  /// The task of the component `context` was checked from, with what it shares with the tasks
  /// of components approved for the same target taken from `shared` (made there when it has
  /// not got them yet).
  public init(_ context: ProvisioningContext, configuration: Configuration, shared: Shared? = nil) {
    reference = context.reference
    workloadTitle = context.title
    platform = context.approval.platform
    runtime = context.runtime
    account = context.account
    accountName = configuration.standards.account(context.account)?.name
    region = context.region
    roleName = context.roleName
    roleARN = context.roleARN
    modelID = context.approval.model
    trustDocument = TrustPolicy.document(
      runtime: context.runtime, account: context.account, region: context.region,
      serviceAccount: context.serviceAccount)
    trustPolicy = trustDocument.json
    let key = Shared.Key(approved: context.approved, accountName: accountName)
    let targeted = shared?.parts(key) ?? Shared.Parts(key)
    permissionDocument = targeted.permission
    permissionPolicy = targeted.permissionJSON
    permissionPolicyName = PermissionPolicy.name
    let files = CloudEngineerTask.Files(trust: trustPolicy, permission: permissionPolicy)
    steps = [
      targeted.modelAccess,
      CloudEngineerTask.iamRoleStep(context, files: files),
      CloudEngineerTask.permissionPolicyStep(context, files: files),
      CloudEngineerTask.implementStep(context),
    ]
    notes = CloudEngineerTask.notes(context)
  }

  /// The step with this key.
  public func step(_ key: String) -> TaskStep? { steps.first { $0.key == key } }

  /// The two files the commands read.
  struct Files {
    /// `trust-policy.json`.
    let trust: TaskFile
    /// `permission-policy.json`.
    let permission: TaskFile

    /// The files with this content.
    init(trust: String, permission: String) {
      self.trust = TaskFile(name: "trust-policy.json", content: trust)
      self.permission = TaskFile(name: "permission-policy.json", content: permission)
    }
  }

  /// What the tasks of components approved for the same target have in common, made once for
  /// all of them: the model-access step and the permission policy, which are made from the
  /// `ApprovedTarget` and the account's name alone. A site keeps one for its build (the
  /// 10,000-workload benchmark corpus has 288 targets among its 8,224 tasks).
  public final class Shared: Sendable {
    /// What the parts are made from.
    struct Key: Hashable, Sendable {
      let approved: ApprovedTarget
      let accountName: String?
    }

    /// The parts of one target's tasks.
    struct Parts: Sendable {
      /// Step 1, `model-access`.
      let modelAccess: TaskStep
      /// The permission policy.
      let permission: PolicyDocument
      /// The permission policy as JSON.
      let permissionJSON: String

      /// The parts made from `key`.
      init(_ key: Key) {
        modelAccess = CloudEngineerTask.modelAccessStep(key.approved, accountName: key.accountName)
        permission = PermissionPolicy.document(key.approved)
        permissionJSON = permission.json
      }
    }

    /// The parts made so far, by what they were made from.
    private let made = Mutex<[Key: Parts]>([:])
    /// At most this many targets are kept: past them (a repository whose every component has
    /// a target of its own gains nothing here) parts are made each time.
    static let capacity = 1024

    /// Nothing made yet.
    public init() {}

    /// The parts made from `key`: kept ones, or made now (outside the lock: two threads asking
    /// at once both make the same parts).
    func parts(_ key: Key) -> Parts {
      if let kept = made.withLock({ $0[key] }) { return kept }
      let parts = Parts(key)
      made.withLock { made in
        if made.count < Self.capacity { made[key] = parts }
      }
      return parts
    }
  }
}
