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

  /// Writes the statement as a JSON object: `Sid`, `Effect`, `Principal`, `Action`, `Resource`
  /// or `NotResource`, `Condition`; a single value is written as a string, several as an array.
  /// Conditions are grouped by operator, in the order each operator first comes.
  func write(to json: inout PolicyJSON) {
    json.beginObject()
    json.key("Sid")
    json.string(sid)
    json.key("Effect")
    json.string(effect.rawValue)
    if let principal {
      json.key("Principal")
      json.beginObject()
      json.key(principal.kind.rawValue)
      json.strings(principal.values)
      json.endObject()
    }
    json.key("Action")
    json.strings(actions)
    if !resources.isEmpty {
      json.key("Resource")
      json.strings(resources)
    }
    if !notResources.isEmpty {
      json.key("NotResource")
      json.strings(notResources)
    }
    if !conditions.isEmpty {
      json.key("Condition")
      json.beginObject()
      for (index, condition) in conditions.enumerated()
      where !conditions[..<index].contains(where: { $0.operator == condition.operator }) {
        json.key(condition.operator)
        json.beginObject()
        for same in conditions[index...] where same.operator == condition.operator {
          json.key(same.key)
          json.strings(same.values)
        }
        json.endObject()
      }
      json.endObject()
    }
    json.endObject()
  }
}
