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
  consuming func option(_ name: String, _ values: String...) -> AWSCommand {
    var text = name
    for value in values {
      text += " "
      text += Shell.quote(value)
    }
    options.append(text)
    return self
  }

  /// Adds `--name TEXT` with `TEXT` already written for the shell, such as `"$(…)"`.
  consuming func rawOption(_ name: String, _ text: String) -> AWSCommand {
    options.append(text.isEmpty ? name : "\(name) \(text)")
    return self
  }

  /// The command on one line, for use inside `$(…)`.
  var singleLine: String { joined(separator: " ", indent: "") }

  /// The command as the engineer copies it.
  var text: String {
    let line = singleLine
    // Commands are ASCII: counting bytes gives the columns without grapheme breaking.
    guard line.utf8.count > AWSCommand.lineWidth else { return line }
    return joined(separator: " \\\n", indent: "  ")
  }

  /// The head and the options, each option after `separator` and `indent`.
  private func joined(separator: String, indent: String) -> String {
    var result = head
    result.reserveCapacity(head.utf8.count + options.reduce(0) { $0 + $1.utf8.count + separator.utf8.count + indent.utf8.count })
    for option in options {
      result += separator
      result += indent
      result += option
    }
    return result
  }
}
