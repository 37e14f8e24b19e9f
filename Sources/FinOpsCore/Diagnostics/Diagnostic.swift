/// How serious a problem is: errors fail `finops check`, warnings do not.
public enum Severity: String, Sendable, Hashable, Comparable {
  case error
  case warning
  case note

  private var rank: Int {
    switch self {
    case .error: 0
    case .warning: 1
    case .note: 2
    }
  }

  /// Orders errors before warnings before notes.
  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A position in a file, in whole-file coordinates: 1-based line and column (in Unicode scalars).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The file's path relative to the repository root, with `/` separators.
  public var path: String
  /// The 1-based line.
  public var line: Int
  /// The 1-based column, counted in Unicode scalars.
  public var column: Int

  /// Creates a location.
  public init(path: String, line: Int, column: Int) {
    self.path = path
    self.line = line
    self.column = column
  }

  /// `path:line:col`.
  public var description: String { "\(path):\(line):\(column)" }

  /// Orders by path, then line, then column.
  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.path, lhs.line, lhs.column) < (rhs.path, rhs.line, rhs.column)
  }
}

/// A problem a user must fix, with where it is, a stable rule id and what is allowed instead.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
  /// Whether it fails the run.
  public var severity: Severity
  /// Where the offending value is.
  public var location: SourceLocation
  /// A stable identifier such as `standards.region`; documented in the README.
  public var rule: String
  /// One sentence naming the bad value and what is allowed.
  public var message: String
  /// Extra lines that help fix it, printed after the message.
  public var notes: [String]

  /// Creates a diagnostic.
  public init(
    _ severity: Severity, _ location: SourceLocation, rule: String, _ message: String,
    notes: [String] = []
  ) {
    self.severity = severity
    self.location = location
    self.rule = rule
    self.message = message
    self.notes = notes
  }

  /// Creates an error.
  public static func error(
    _ location: SourceLocation, rule: String, _ message: String, notes: [String] = []
  ) -> Diagnostic {
    Diagnostic(.error, location, rule: rule, message, notes: notes)
  }

  /// Creates a warning.
  public static func warning(
    _ location: SourceLocation, rule: String, _ message: String, notes: [String] = []
  ) -> Diagnostic {
    Diagnostic(.warning, location, rule: rule, message, notes: notes)
  }

  /// `path:line:col: error: [rule] message`, then each note on its own line.
  public var description: String {
    var text = "\(location): \(severity.rawValue): [\(rule)] \(message)"
    for note in notes { text += "\n  note: \(note)" }
    return text
  }

  /// Sorts diagnostics for output: by location, then rule, then message.
  public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.sorted {
      ($0.location, $0.rule, $0.message) < ($1.location, $1.rule, $1.message)
    }
  }
}

extension Array where Element == Diagnostic {
  /// Whether any element is an error.
  public var hasErrors: Bool { contains { $0.severity == .error } }
}
