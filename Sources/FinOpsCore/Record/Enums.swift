/// Where a component is in the governed path.
public enum Status: String, ClosedSet {
  case draft
  case submitted
  case changesRequested = "changes-requested"
  case approved
  case rejected
  case readyToClaim = "ready-to-claim"
  case live
  case retired

  private static let spellingTable = SpellingTable<Self>()

  /// The value spelled `rawValue` (see `SpellingTable`).
  public init?(rawValue: String) {
    guard let value = Self.spellingTable.value(rawValue) else { return nil }
    self = value
  }

  public static let noun = "status"

  /// Whether no transition leaves this status.
  public var isFinal: Bool { self == .rejected || self == .retired }
}

/// The three roles a person can hold in `finops.yml`.
public enum Persona: String, ClosedSet {
  case productOwner = "product-owner"
  case finopsLead = "finops-lead"
  case cloudEngineer = "cloud-engineer"

  private static let spellingTable = SpellingTable<Self>()

  /// The value spelled `rawValue` (see `SpellingTable`).
  public init?(rawValue: String) {
    guard let value = Self.spellingTable.value(rawValue) else { return nil }
    self = value
  }

  public static let noun = "persona"

  /// `Product Owner`, `FinOps Lead`, `Cloud Engineer`.
  public var title: String {
    switch self {
    case .productOwner: "Product Owner"
    case .finopsLead: "FinOps Lead"
    case .cloudEngineer: "Cloud Engineer"
    }
  }
}

/// The Add Workload wizard's first step: what kind of workload this is.
public enum UseCase: String, ClosedSet {
  case infrastructure
  case codingAI = "coding-ai"
  case operationsAI = "operations-ai"

  private static let spellingTable = SpellingTable<Self>()

  /// The value spelled `rawValue` (see `SpellingTable`).
  public init?(rawValue: String) {
    guard let value = Self.spellingTable.value(rawValue) else { return nil }
    self = value
  }

  public static let noun = "use case"

  /// `Infrastructure`, `Coding AI`, `Operations AI`.
  public var title: String {
    switch self {
    case .infrastructure: "Infrastructure"
    case .codingAI: "Coding AI"
    case .operationsAI: "Operations AI"
    }
  }

  /// The purposes a request of this use case may declare; empty when none is asked.
  public var purposes: [Purpose] {
    switch self {
    case .infrastructure: []
    case .codingAI: [.developerProductivity]
    case .operationsAI: [.customerSupport, .automation, .internalTools]
    }
  }
}

/// What an AI workload is for, within its use case.
public enum Purpose: String, ClosedSet {
  case developerProductivity = "developer-productivity"
  case customerSupport = "customer-support"
  case automation
  case internalTools = "internal-tools"

  private static let spellingTable = SpellingTable<Self>()

  /// The value spelled `rawValue` (see `SpellingTable`).
  public init?(rawValue: String) {
    guard let value = Self.spellingTable.value(rawValue) else { return nil }
    self = value
  }

  public static let noun = "purpose"
}

/// Where the Product Owner's application runs; decides the IAM trust policy.
public enum Runtime: String, ClosedSet {
  case lambda
  case ecs
  case eksIRSA = "eks-irsa"
  case eksPodIdentity = "eks-pod-identity"
  case ec2
  case sagemaker
  case stepFunctions = "step-functions"
  case agentcore

  private static let spellingTable = SpellingTable<Self>()

  /// The value spelled `rawValue` (see `SpellingTable`).
  public init?(rawValue: String) {
    guard let value = Self.spellingTable.value(rawValue) else { return nil }
    self = value
  }

  public static let noun = "runtime"

  /// The name people use for it.
  public var title: String {
    switch self {
    case .lambda: "AWS Lambda"
    case .ecs: "Amazon ECS task"
    case .eksIRSA: "Amazon EKS (IRSA)"
    case .eksPodIdentity: "Amazon EKS (Pod Identity)"
    case .ec2: "Amazon EC2"
    case .sagemaker: "Amazon SageMaker"
    case .stepFunctions: "AWS Step Functions"
    case .agentcore: "Amazon Bedrock AgentCore Runtime"
    }
  }
}

/// The platform the FinOps Lead approves the model on.
public enum Platform: String, ClosedSet {
  case bedrock
  case marketplace
  case claudePlatform = "claude-platform"
  case agentcore

  private static let spellingTable = SpellingTable<Self>()

  /// The value spelled `rawValue` (see `SpellingTable`).
  public init?(rawValue: String) {
    guard let value = Self.spellingTable.value(rawValue) else { return nil }
    self = value
  }

  public static let noun = "platform"

  /// The name people use for it.
  public var title: String {
    switch self {
    case .bedrock: "Amazon Bedrock"
    case .marketplace: "AWS Marketplace models"
    case .claudePlatform: "Claude Platform on AWS"
    case .agentcore: "Amazon Bedrock AgentCore"
    }
  }
}

/// The Cloud Engineer task's priority, which sets its SLA.
public enum Priority: String, ClosedSet {
  case normal
  case priority

  private static let spellingTable = SpellingTable<Self>()

  /// The value spelled `rawValue` (see `SpellingTable`).
  public init?(rawValue: String) {
    guard let value = Self.spellingTable.value(rawValue) else { return nil }
    self = value
  }

  public static let noun = "priority"
}

/// Whether the business case saves cost or drives revenue.
public enum ValueType: String, ClosedSet {
  case costSaving = "cost-saving"
  case revenueDriving = "revenue-driving"

  private static let spellingTable = SpellingTable<Self>()

  /// The value spelled `rawValue` (see `SpellingTable`).
  public init?(rawValue: String) {
    guard let value = Self.spellingTable.value(rawValue) else { return nil }
    self = value
  }

  public static let noun = "value type"

  /// `Cost Saving` or `Revenue Driving`.
  public var title: String {
    switch self {
    case .costSaving: "Cost Saving"
    case .revenueDriving: "Revenue Driving"
    }
  }
}

/// The three Cloud Engineer steps recorded before the task is marked implemented.
public enum ImplementationStep: String, ClosedSet {
  case modelAccess = "model-access"
  case iamRole = "iam-role"
  case permissionPolicy = "permission-policy"

  private static let spellingTable = SpellingTable<Self>()

  /// The value spelled `rawValue` (see `SpellingTable`).
  public init?(rawValue: String) {
    guard let value = Self.spellingTable.value(rawValue) else { return nil }
    self = value
  }

  public static let noun = "step"

  /// The key of this step in the `implementation` section.
  public var key: String {
    switch self {
    case .modelAccess: "model_access"
    case .iamRole: "iam_role"
    case .permissionPolicy: "permission_policy"
    }
  }
}
