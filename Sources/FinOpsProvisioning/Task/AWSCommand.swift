/// One AWS CLI v2 invocation: `aws SERVICE OPERATION --option value …`, written on one line when
/// it fits in 100 columns and with one option per `\`-continued line otherwise.
struct AWSCommand: Sendable {
  /// The longest single-line form before options go on their own lines.
  static let lineWidth = 100

  private let head: String
  private var options: [String] = []

  /// `aws service operation`.
  init(_ service: String, _ operation: String) { head = "aws \(service) \(operation)" }

  /// Adds `--name v1 v2 …`, shell-quoting each value; a flag when there are none.
  func option(_ name: String, _ values: String...) -> AWSCommand {
    rawOption(name, values.map(Shell.quote).joined(separator: " "))
  }

  /// Adds `--name TEXT` with `TEXT` already written for the shell, such as `"$(…)"`.
  func rawOption(_ name: String, _ text: String) -> AWSCommand {
    var copy = self
    copy.options.append(text.isEmpty ? name : "\(name) \(text)")
    return copy
  }

  /// The command on one line, for use inside `$(…)`.
  var singleLine: String { ([head] + options).joined(separator: " ") }

  /// The command as the engineer copies it.
  var text: String {
    let line = singleLine
    // Commands are ASCII: counting bytes gives the columns without grapheme breaking.
    guard line.utf8.count > AWSCommand.lineWidth else { return line }
    return ([head] + options.map { "  " + $0 }).joined(separator: " \\\n")
  }
}
