import FinOpsCore
import Yams

/// A YAML value with the position where it starts, as the decoders need it: scalars stay text
/// (typed by the field that reads them), mappings keep key order and key positions.
enum YAMLNode: Sendable, Equatable {
  /// Text, with whether it was written plain (unquoted).
  case scalar(String, plain: Bool, Position)
  /// Key-value pairs in file order.
  case mapping([Entry], Position)
  /// Items in order.
  case sequence([YAMLNode], Position)

  /// A 1-based line and column (Unicode scalars) within the parsed text.
  struct Position: Sendable, Hashable {
    var line: Int
    var column: Int
  }

  /// One key of a mapping and its value.
  struct Entry: Sendable, Equatable {
    var key: String
    var keyPosition: Position
    var value: YAMLNode
  }

  var position: Position {
    switch self {
    case .scalar(_, _, let position), .mapping(_, let position), .sequence(_, let position):
      position
    }
  }

  /// Parses `text`: the fast path for the block-style subset the tool writes and people
  /// usually type, falling back to the full YAML parser for anything else and for every error.
  static func parse(_ text: String, strings: StringCache? = nil) throws -> YAMLNode? {
    if let node = FastYAMLParser.parse(text, strings: strings) { return node }
    guard let node = try Yams.compose(yaml: text, .basic) else { return nil }
    return try YAMLNode(node)
  }

  /// Converts the full parser's tree.
  init(_ node: Node) throws {
    let position = Position(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    switch node {
    case .scalar(let scalar):
      self = .scalar(scalar.string, plain: scalar.style == .plain, position)
    case .mapping(let mapping):
      var entries: [Entry] = []
      for (key, value) in mapping {
        guard case .scalar(let keyScalar) = key else {
          throw UnsupportedYAML(message: "keys must be plain names", position: position)
        }
        let keyPosition = Position(line: key.mark?.line ?? 1, column: key.mark?.column ?? 1)
        entries.append(Entry(key: keyScalar.string, keyPosition: keyPosition, value: try YAMLNode(value)))
      }
      self = .mapping(entries, position)
    case .sequence(let sequence):
      self = .sequence(try sequence.map { try YAMLNode($0) }, position)
    case .alias:
      throw UnsupportedYAML(message: "anchors and aliases are not supported", position: position)
    }
  }
}

/// Valid YAML the record format does not accept.
struct UnsupportedYAML: Error {
  var message: String
  var position: YAMLNode.Position
}

extension YAMLNode {
  /// The position of the value at a field path such as `components[0].approval.region`.
  func position(at path: String) -> Position? {
    var node = self
    if path.isEmpty { return nil }  // the file as a whole: its first line
    for segment in path.split(separator: ".") {
      var name = segment
      var indices: [Int] = []
      while name.last == "]", let open = name.lastIndex(of: "[") {
        guard let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)])
        else { return nil }
        indices.insert(index, at: 0)
        name = name[..<open]
      }
      if !name.isEmpty {
        guard case .mapping(let entries, _) = node,
          let entry = entries.first(where: { $0.key == name })
        else { return nil }
        node = entry.value
      }
      for index in indices {
        guard case .sequence(let items, _) = node, items.indices.contains(index) else { return nil }
        node = items[index]
      }
    }
    return node.position
  }
}
