/// The organisation tree: Business Unit (E1) → Department (E2) → Portfolio (E3) → Product (E4).
public struct Organization: Sendable, Hashable {
  /// The four level names, E1 first.
  public var levels: [String]
  /// The E1 units.
  public var units: [OrgUnit]
  private var index: [String: [String]]

  /// The default level names.
  public static let defaultLevels = ["Business Unit", "Department", "Portfolio", "Product"]

  /// Creates a tree and indexes every unit by id.
  public init(levels: [String] = Organization.defaultLevels, units: [OrgUnit]) {
    self.levels = levels
    self.units = units
    var index: [String: [String]] = [:]
    func visit(_ unit: OrgUnit, ancestors: [String]) {
      let path = ancestors + [unit.id]
      if index[unit.id] == nil { index[unit.id] = path }
      for child in unit.units { visit(child, ancestors: path) }
    }
    for unit in units { visit(unit, ancestors: []) }
    self.index = index
  }

  /// The ids from E1 down to the unit, or nil when no unit has this id.
  public func path(to id: String) -> [String]? { index[id] }

  /// The unit with this id.
  public func unit(_ id: String) -> OrgUnit? {
    guard let path = index[id] else { return nil }
    var candidates = units
    var found: OrgUnit?
    for step in path {
      found = candidates.first { $0.id == step }
      candidates = found?.units ?? []
    }
    return found
  }

  /// The level (1 for E1 … 4 for E4) of the unit with this id.
  public func level(of id: String) -> Int? { index[id]?.count }

  /// Every unit id at a level, in tree order.
  public func ids(atLevel level: Int) -> [String] {
    var result: [String] = []
    func visit(_ unit: OrgUnit, depth: Int) {
      if depth == level { result.append(unit.id) }
      for child in unit.units { visit(child, depth: depth + 1) }
    }
    for unit in units { visit(unit, depth: 1) }
    return result
  }

  /// The name of a level, such as `Product` for 4.
  public func levelName(_ level: Int) -> String {
    levels.indices.contains(level - 1) ? levels[level - 1] : "E\(level)"
  }
}

/// One unit of the organisation tree.
public struct OrgUnit: Sendable, Hashable {
  /// Unique id across the whole tree.
  public var id: String
  /// Display name.
  public var name: String
  /// Child units (empty for E4).
  public var units: [OrgUnit]

  /// Creates a unit.
  public init(id: String, name: String, units: [OrgUnit] = []) {
    self.id = id
    self.name = name
    self.units = units
  }
}
