/// The organisation tree: Business Unit (E1) → Department (E2) → Portfolio (E3) → Product (E4).
public struct Organization: Sendable, Hashable {
  /// The four level names, E1 first.
  public var levels: [String]
  /// The E1 units.
  public var units: [OrgUnit]
  /// Each unit by id: its path from E1 and the unit (the first in tree order, should two share
  /// an id).
  private var index: [String: Entry]

  private struct Entry: Sendable, Hashable {
    let path: [String]
    let unit: OrgUnit
  }

  /// The default level names.
  public static let defaultLevels = ["Business Unit", "Department", "Portfolio", "Product"]

  /// Creates a tree and indexes every unit by id.
  public init(levels: [String] = Organization.defaultLevels, units: [OrgUnit]) {
    self.levels = levels
    self.units = units
    var index: [String: Entry] = [:]
    func visit(_ unit: OrgUnit, ancestors: [String]) {
      let path = ancestors + [unit.id]
      if index[unit.id] == nil { index[unit.id] = Entry(path: path, unit: unit) }
      for child in unit.units { visit(child, ancestors: path) }
    }
    for unit in units { visit(unit, ancestors: []) }
    self.index = index
  }

  /// The ids from E1 down to the unit, or nil when no unit has this id.
  public func path(to id: String) -> [String]? { index[id]?.path }

  /// The unit with this id.
  public func unit(_ id: String) -> OrgUnit? { index[id]?.unit }

  /// The level (1 for E1 … 4 for E4) of the unit with this id.
  public func level(of id: String) -> Int? { index[id]?.path.count }

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
