import FinOpsCore
import Yams

/// Turns the YAML parser's errors into diagnostics at whole-file positions.
enum YAMLErrorTranslator {
  static func diagnostic(
    for error: YamlError, yaml: String, map: SourceMap, lineOffset: Int, rulePrefix: String
  ) -> Diagnostic {
    func at(_ line: Int, _ column: Int) -> SourceLocation {
      SourceLocation(path: map.path, line: max(1, line) + lineOffset, column: max(1, column))
    }
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var message = problem
      if let context { message += " " + context.text }
      var notes: [String] = []
      if problem.contains("tab") || lineHasTab(yaml, mark.line) {
        notes.append("YAML indents with spaces; replace the tab characters")
      }
      return .error(
        at(mark.line, mark.column), rule: rulePrefix + "yaml.syntax", message, notes: notes)
    case .duplicatedKeysInMapping(let duplicates, let context):
      let key = duplicates.first ?? ""
      let (line, column) = repeatedKey(key, in: yaml, after: context.mark)
      return .error(
        at(line, column), rule: rulePrefix + "yaml.duplicate-key",
        "duplicate key '\(key)'; it already appears on line \(context.mark.line + lineOffset)",
        notes: ["YAML keeps one value per key; merge the two entries"])
    default:
      return .error(at(1, 1), rule: rulePrefix + "yaml.syntax", "cannot read YAML: \(error)")
    }
  }

  /// Where the second occurrence of `key` sits: the next line after `first` that holds `key:` at
  /// the same column. Falls back to the first occurrence.
  static func repeatedKey(_ key: String, in yaml: String, after first: Mark) -> (Int, Int) {
    let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
    let indent = String(repeating: " ", count: max(0, first.column - 1))
    var number = first.line + 1
    while number <= lines.count {
      let line = lines[number - 1]
      if line.hasPrefix(indent + key + ":") || line.hasPrefix(indent + "\"" + key + "\":") {
        return (number, first.column)
      }
      number += 1
    }
    return (first.line, first.column)
  }

  static func lineHasTab(_ yaml: String, _ line: Int) -> Bool {
    let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
    return lines.indices.contains(line - 1) && lines[line - 1].contains("\t")
  }
}
