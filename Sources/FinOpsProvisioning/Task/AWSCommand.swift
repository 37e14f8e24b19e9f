import FinOpsCore

/// One AWS CLI v2 invocation: `aws SERVICE OPERATION --option value …`, written on one line when
/// it fits in 100 columns and with one option per `\`-continued line otherwise.
///
/// The one-line form is written as UTF-8 bytes as the options come, with the place of the space
/// before each option: the other form replaces those spaces. (A string per option, joined into
/// a string per form, cost a third of a Cloud Engineer task; appending to an array, a hundred
/// instructions a piece.)
struct AWSCommand: ~Copyable {
  /// The longest single-line form before options go on their own lines.
  static let lineWidth = 100

  /// The command on one line, in a buffer only this command holds: a command is not copied
  /// (each option consumes it and returns it), so no two commands write into one buffer.
  private let line = ByteBuffer(capacity: 192)
  /// The offsets in `line` of the spaces before the options.
  private var breaks: [Int] = []

  /// `aws service operation`.
  init(_ service: String, _ operation: String) {
    breaks.reserveCapacity(8)
    line.append("aws ")
    append(service)
    line.append(UInt8(ascii: " "))
    append(operation)
  }

  /// Adds `--name value`, shell-quoting the value.
  consuming func option(_ name: String, _ value: String) -> AWSCommand {
    start(name)
    line.append(UInt8(ascii: " "))
    Shell.appendQuoted(value, to: line)
    return self
  }

  /// Adds `--name v1 v2 …`, shell-quoting each value; a flag when there are none.
  consuming func option(_ name: String, _ values: String...) -> AWSCommand {
    start(name)
    for value in values {
      line.append(UInt8(ascii: " "))
      Shell.appendQuoted(value, to: line)
    }
    return self
  }

  /// Adds `--name TEXT` with `TEXT` already written for the shell, such as `"$(…)"`.
  consuming func rawOption(_ name: String, _ text: String) -> AWSCommand {
    start(name)
    if !text.isEmpty {
      line.append(UInt8(ascii: " "))
      append(text)
    }
    return self
  }

  /// The command on one line, for use inside `$(…)`.
  var singleLine: String { line.text }

  /// The command as the engineer copies it.
  var text: String {
    // Commands are ASCII: counting bytes gives the columns without grapheme breaking.
    guard line.count > AWSCommand.lineWidth else { return singleLine }
    let separator: StaticString = " \\\n  "
    let result = ByteBuffer(capacity: line.count + breaks.count * (separator.utf8CodeUnitCount - 1))
    line.withBytes { bytes in
      var start = 0
      for space in breaks {
        result.append(UnsafeBufferPointer(rebasing: bytes[start..<space]))
        result.append(separator)
        start = space + 1
      }
      result.append(UnsafeBufferPointer(rebasing: bytes[start...]))
    }
    return result.text
  }

  /// Starts an option: the space before it, noted, and its name.
  private mutating func start(_ name: String) {
    breaks.append(line.count)
    line.append(UInt8(ascii: " "))
    append(name)
  }

  /// Appends the UTF-8 of `text`.
  private func append(_ text: String) {
    Shell.appendBytes(of: text, to: line)
  }
}
