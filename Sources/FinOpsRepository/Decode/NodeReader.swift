import FinOpsCore
import Foundation
import Synchronization
import Yams

/// Reads typed values out of a YAML node tree, locating each value through a source map
/// and turning every problem into a diagnostic instead of a thrown error.
struct NodeReader {
  /// Positions of the fields, once a tree is composed.
  var map: SourceMap
  let path: String
  /// Problems found so far.
  var diagnostics: [Diagnostic] = []
  /// Rule id prefix: empty for workload files, `config.` for finops.yml.
  let rulePrefix: String
  /// Added to a node's line to give the file line.
  let lineOffset: Int

  /// Where the plain scalars of many files are shared (`StringCache`); nil: each is decoded.
  var strings: StringCache?

  init(path: String, yamlFirstLine: Int, rulePrefix: String = "") {
    map = SourceMap(path: path)
    self.path = path
    self.rulePrefix = rulePrefix
    lineOffset = yamlFirstLine - 1
  }

  /// Parses YAML text into a node tree, or records why it cannot.
  mutating func compose(_ yaml: String) -> YAMLNode? {
    do {
      let root = try YAMLNode.parse(yaml, strings: strings)
      if root != nil {
        map = Self.sourceMap(path: path, yaml: yaml, lineOffset: lineOffset)
      }
      return root
    } catch let error as UnsupportedYAML {
      let position = error.position
      diagnostics.append(
        .error(
          SourceLocation(path: map.path, line: position.line + lineOffset, column: position.column),
          rule: rulePrefix + "yaml.unsupported", error.message))
    } catch let error as YamlError {
      diagnostics.append(YAMLErrorTranslator.diagnostic(for: error, yaml: yaml, map: map, lineOffset: lineOffset, rulePrefix: rulePrefix))
    } catch {
      diagnostics.append(
        .error(location(nil), rule: rulePrefix + "yaml.syntax", "cannot read YAML: \(error)"))
    }
    return nil
  }

  /// The positions of the fields of `yaml`, which starts `lineOffset` lines into the file at
  /// `path`. Positions are found again from the text when a diagnostic needs one, so the tree
  /// is not kept alive for every file.
  static func sourceMap(path: String, yaml: String, lineOffset: Int) -> SourceMap {
    sourceMap(path: path, tree: LazyTree(yaml), lineOffset: lineOffset)
  }

  /// The positions of the fields of the front matter `read` gives (nil when it cannot), read
  /// only when a diagnostic first needs a position.
  static func sourceMap(path: String, reading read: @escaping @Sendable () -> FrontMatter?) -> SourceMap {
    // Every front matter's YAML starts on the file's second line (`FrontMatter.split`).
    sourceMap(path: path, tree: LazyTree { read()?.yaml }, lineOffset: 1)
  }

  private static func sourceMap(path: String, tree: LazyTree, lineOffset: Int) -> SourceMap {
    SourceMap(path: path) { field in
      guard let position = tree.node?.position(at: field) else { return nil }
      return SourceMap.Position(line: position.line + lineOffset, column: position.column)
    }
  }

  func location(_ node: YAMLNode?) -> SourceLocation {
    guard let position = node?.position else {
      return SourceLocation(path: map.path, line: 1, column: 1)
    }
    return SourceLocation(path: map.path, line: position.line + lineOffset, column: position.column)
  }

  func location(_ position: YAMLNode.Position) -> SourceLocation {
    SourceLocation(path: map.path, line: position.line + lineOffset, column: position.column)
  }

  mutating func error(_ node: YAMLNode?, _ rule: String, _ message: String, notes: [String] = []) {
    diagnostics.append(.error(location(node), rule: rulePrefix + rule, message, notes: notes))
  }

  /// A mapping's values by key. Reports unknown keys (with a suggestion), missing required keys
  /// (at `owner`, the node that holds the mapping) and non-string keys.
  mutating func fields(
    _ node: YAMLNode, known: [String], required: [String], what: String
  ) -> Fields? {
    guard case .mapping(let entries, _) = node else {
      error(node, "schema.type", "\(what) must be a mapping of keys to values, not \(describe(node))")
      return nil
    }
    let result = Fields(entries: entries, known: known)
    var suggested: [String] = []
    for entry in entries {
      let key = entry.key
      guard Fields.contains(known, key) else {
        if let closest = Suggestion.closest(to: key, in: known) { suggested.append(closest) }
        diagnostics.append(
          .error(
            location(entry.keyPosition), rule: rulePrefix + "schema.unknown-field",
            "unknown field '\(key)' in \(what)" + Suggestion.didYouMean(key, in: known),
            notes: ["known fields: " + known.joined(separator: ", ")]))
        continue
      }
    }
    // A misspelt required key is reported once, as unknown with a suggestion.
    for key in required where result[key] == nil && !suggested.contains(key) {
      error(node, "schema.missing-field", "\(what) is missing the required field '\(key)'")
    }
    return result
  }

  /// The elements of a sequence.
  mutating func list(_ node: YAMLNode, what: String) -> [YAMLNode]? {
    guard case .sequence(let nodes, _) = node else {
      error(node, "schema.type", "\(what) must be a list, not \(describe(node))")
      return nil
    }
    return nodes
  }

  /// A non-empty string scalar.
  mutating func string(_ node: YAMLNode?, _ name: String) -> String? {
    guard let node else { return nil }
    guard case .scalar(let text, _, _) = node else {
      error(node, "schema.type", "'\(name)' must be text, not \(describe(node))")
      return nil
    }
    if text.isEmpty {
      error(node, "schema.type", "'\(name)' is empty")
      return nil
    }
    return text
  }

  /// A scalar parsed by `parse`, or a `schema.format` diagnostic naming what was expected.
  mutating func parsed<T>(
    _ node: YAMLNode?, _ name: String, expected: String, _ parse: (String) -> T?
  ) -> T? {
    guard let text = string(node, name) else { return nil }
    if let value = parse(text) { return value }
    error(node, "schema.format", "'\(name)' is '\(text)', which is not \(expected)")
    return nil
  }

  /// A whole number.
  mutating func int(_ node: YAMLNode?, _ name: String) -> Int? {
    parsed(node, name, expected: "a whole number") { text in
      text.utf8.allSatisfy { (48...57).contains($0) } ? Int(text) : nil
    }
  }

  /// `true` or `false`.
  mutating func bool(_ node: YAMLNode?, _ name: String) -> Bool? {
    parsed(node, name, expected: "true or false") {
      $0 == "true" ? true : $0 == "false" ? false : nil
    }
  }

  /// An exact decimal amount.
  mutating func money(_ node: YAMLNode?, _ name: String) -> Money? {
    parsed(node, name, expected: "a decimal amount such as 1200.00") { Money(parsing: $0) }
  }

  /// An exact decimal number.
  mutating func decimal(_ node: YAMLNode?, _ name: String) -> Decimal? {
    parsed(node, name, expected: "a decimal number such as 15 or 12.5") { ExactDecimal.parse($0) }
  }

  /// A UTC or offset ISO 8601 timestamp.
  mutating func timestamp(_ node: YAMLNode?, _ name: String) -> Timestamp? {
    parsed(node, name, expected: "a timestamp such as 2026-10-02T10:15:00Z") {
      Timestamp(parsing: $0)
    }
  }

  /// A `YYYY-MM-DD` day.
  mutating func day(_ node: YAMLNode?, _ name: String) -> Day? {
    parsed(node, name, expected: "a date such as 2026-12-25") { Day(parsing: $0) }
  }

  /// An email address.
  mutating func email(_ node: YAMLNode?, _ name: String) -> String? {
    parsed(node, name, expected: "an email address") { Identifiers.isEmail($0) ? $0 : nil }
  }

  /// A value of a closed set, with a suggestion for a near miss.
  mutating func value<T: ClosedSet>(_ node: YAMLNode?, _ name: String, as type: T.Type) -> T? {
    guard let text = string(node, name) else { return nil }
    if let value = T(rawValue: text) { return value }
    error(
      node, "schema.enum",
      "unknown \(T.noun) '\(text)'" + Suggestion.didYouMean(text, in: T.spellings),
      notes: ["allowed: " + T.choices])
    return nil
  }

  func describe(_ node: YAMLNode) -> String {
    switch node {
    case .scalar(let text, _, _): text.isEmpty ? "an empty value" : "the text '\(text)'"
    case .mapping: "a mapping"
    case .sequence: "a list"
    }
  }
}

/// A mapping's known fields by name; a linear scan beats hashing for a handful of keys.
///
/// The mapping's own entries, not a copy of the known ones: an unknown key is reported as the
/// fields are made, and never asked for (only known keys are: debug builds check), so it is
/// never found.
struct Fields {
  /// The mapping's entries, in file order.
  let entries: [YAMLNode.Entry]
  /// The keys its reader may ask for.
  let known: [String]

  /// The value of the first entry named `key`, a known key.
  subscript(key: String) -> YAMLNode? {
    assert(known.contains(key), "'\(key)' is not among the known fields")
    // By index: iterating copied each entry, its key and its value, to compare the key.
    for index in entries.indices where Self.same(entries[index].key, key) {
      return entries[index].value
    }
    return nil
  }

  /// Whether `keys` holds `key`.
  static func contains(_ keys: [String], _ key: String) -> Bool {
    keys.contains { same($0, key) }
  }

  /// Whether two keys are equal, their byte counts compared first: most keys compared differ
  /// in length, and a count is read from the string where comparing two strings is a call.
  /// (Keys of different lengths are different keys, as YAML compares them: a Kelvin sign no
  /// longer stands for a `K`, as `String`'s `==` had it.)
  @inline(__always)
  static func same(_ a: String, _ b: String) -> Bool {
    a.utf8.count == b.utf8.count && a == b
  }
}

/// The YAML tree of a file, parsed again on the first position lookup and kept for the next
/// ones: decoding does not keep every file's tree alive, and a file with many problems is parsed
/// once more, not once per problem.
final class LazyTree: Sendable {
  // Held inline (an NSLock is an object and three allocations on Linux: one for every file).
  private let parsed = Mutex<YAMLNode??>(nil)
  private let yaml: @Sendable () -> String?

  init(_ yaml: String) { self.yaml = { yaml } }

  /// The tree of the YAML `yaml` gives when it is first asked for (none when it gives nil).
  init(_ yaml: @escaping @Sendable () -> String?) { self.yaml = yaml }

  var node: YAMLNode? {
    parsed.withLock { parsed in
      if let parsed { return parsed }
      let node = yaml().flatMap { try? YAMLNode.parse($0) }
      parsed = .some(node)
      return node
    }
  }
}
