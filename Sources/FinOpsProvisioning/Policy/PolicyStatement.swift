/// One statement of an IAM policy document.
public struct PolicyStatement: Sendable, Hashable {
  /// Whether a statement allows or denies.
  public enum Effect: String, Sendable, Hashable {
    /// `Allow`.
    case allow = "Allow"
    /// `Deny`.
    case deny = "Deny"
  }

  /// The statement id: letters and digits only, as IAM requires.
  public var sid: String
  /// Allow or deny.
  public var effect: Effect
  /// Who the statement applies to; trust policies only.
  public var principal: PolicyPrincipal?
  /// The actions, such as `bedrock:InvokeModel`.
  public var actions: [String]
  /// The resources the statement applies to; empty when `notResources` is used or for a trust
  /// policy.
  public var resources: [String]
  /// The resources the statement applies to everything except; used by the deny guardrail.
  public var notResources: [String]
  /// The conditions, grouped by operator in the order given.
  public var conditions: [PolicyCondition]

  /// Creates a statement.
  public init(
    sid: String, effect: Effect, principal: PolicyPrincipal? = nil, actions: [String],
    resources: [String] = [], notResources: [String] = [], conditions: [PolicyCondition] = []
  ) {
    self.sid = sid
    self.effect = effect
    self.principal = principal
    self.actions = actions
    self.resources = resources
    self.notResources = notResources
    self.conditions = conditions
  }

  /// The statement as a JSON object: `Sid`, `Effect`, `Principal`, `Action`, `Resource` or
  /// `NotResource`, `Condition`; a single value is written as a string, several as an array.
  var jsonValue: JSONValue {
    var members = [JSONMember("Sid", .string(sid)), JSONMember("Effect", .string(effect.rawValue))]
    if let principal {
      members.append(
        JSONMember(
          "Principal",
          .object([JSONMember(principal.kind.rawValue, JSONValue.stringOrArray(principal.values))])
        ))
    }
    members.append(JSONMember("Action", JSONValue.stringOrArray(actions)))
    if !resources.isEmpty { members.append(JSONMember("Resource", .stringOrArray(resources))) }
    if !notResources.isEmpty {
      members.append(JSONMember("NotResource", .stringOrArray(notResources)))
    }
    if !conditions.isEmpty {
      var operators: [String] = []
      var keys: [String: [JSONMember]] = [:]
      for condition in conditions {
        if keys[condition.operator] == nil { operators.append(condition.operator) }
        keys[condition.operator, default: []].append(
          JSONMember(condition.key, .stringOrArray(condition.values)))
      }
      members.append(
        JSONMember(
          "Condition",
          .object(operators.map { JSONMember($0, .object(keys[$0] ?? [])) })))
    }
    return .object(members)
  }
}
