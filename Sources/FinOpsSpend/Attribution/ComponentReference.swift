/// Names a component: its workload's slug and its id, written `slug/id`.
public struct ComponentReference: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The workload's slug.
  public var workload: String
  /// The component's id.
  public var component: String

  /// Creates a reference.
  public init(workload: String, component: String) {
    self.workload = workload
    self.component = component
  }

  /// `slug/id`.
  public var description: String { "\(workload)/\(component)" }

  /// Orders by workload, then component.
  public static func < (lhs: ComponentReference, rhs: ComponentReference) -> Bool {
    (lhs.workload, lhs.component) < (rhs.workload, rhs.component)
  }
}
