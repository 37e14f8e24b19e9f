import ArgumentParser
import FinOpsCore
import Foundation

/// How diagnostics are printed.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
  case text
  case github
  case json

  /// The diagnostics in this format.
  func render(_ diagnostics: [Diagnostic], files: Int) -> String {
    switch self {
    case .text:
      return diagnostics.map { $0.description + "\n" }.joined()
    case .github:
      return diagnostics.map(Self.workflowCommand).joined()
    case .json:
      return Self.json(diagnostics, files: files)
    }
  }

  /// `::error file=…,line=…,col=…,title=…::message`, escaped as GitHub's workflow commands need.
  static func workflowCommand(_ diagnostic: Diagnostic) -> String {
    let command: String
    switch diagnostic.severity {
    case .error: command = "error"
    case .warning: command = "warning"
    case .note: command = "notice"
    }
    let location = diagnostic.location
    let properties = [
      "file=" + escapeProperty(location.path), "line=\(location.line)", "col=\(location.column)",
      "title=" + escapeProperty(diagnostic.rule),
    ].joined(separator: ",")
    let message = ([diagnostic.message] + diagnostic.notes).joined(separator: "\n")
    return "::\(command) \(properties)::\(escapeData(message))\n"
  }

  static func escapeData(_ text: String) -> String {
    text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
      .replacingOccurrences(of: "\n", with: "%0A")
  }

  static func escapeProperty(_ text: String) -> String {
    escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(
      of: ",", with: "%2C")
  }

  struct Report: Encodable {
    var files: Int
    var errors: Int
    var warnings: Int
    var diagnostics: [Entry]
  }

  struct Entry: Encodable {
    var path: String
    var line: Int
    var column: Int
    var severity: String
    var rule: String
    var message: String
    var notes: [String]
  }

  static func json(_ diagnostics: [Diagnostic], files: Int) -> String {
    let report = Report(
      files: files,
      errors: diagnostics.filter { $0.severity == .error }.count,
      warnings: diagnostics.filter { $0.severity == .warning }.count,
      diagnostics: diagnostics.map {
        Entry(
          path: $0.location.path, line: $0.location.line, column: $0.location.column,
          severity: $0.severity.rawValue, rule: $0.rule, message: $0.message, notes: $0.notes)
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(report)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
