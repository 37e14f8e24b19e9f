import FinOpsCore
import Foundation

/// Asks questions on the terminal with validation at each prompt: a wrong answer is explained
/// and asked again, end of input stops the wizard.
struct Prompter {
  let context: Context

  struct Cancelled: Error {}

  /// Asks until `parse` accepts the answer; an empty answer takes `defaultValue` when given.
  func ask<T>(
    _ question: String, default defaultValue: String? = nil, help: String? = nil,
    _ parse: (String) -> Result<T, PromptError>
  ) throws -> T {
    while true {
      let suffix = defaultValue.map { " [\($0)]" } ?? ""
      context.output.write("\(question)\(suffix): ")
      guard let line = context.input.next() else {
        context.output.line()
        throw Cancelled()
      }
      let answer = line.trimmingCharacters(in: .whitespaces)
      let value = answer.isEmpty ? (defaultValue ?? "") : answer
      if value == "?" , let help {
        context.output.line("  " + help)
        continue
      }
      switch parse(value) {
      case .success(let result): return result
      case .failure(let error): context.output.line("  \(error.message)")
      }
    }
  }

  /// A numbered menu; the answer is a number or the value's name.
  func choose<T>(_ question: String, _ options: [(String, String, T)], default index: Int? = nil)
    throws -> T
  {
    context.output.line(question)
    for (number, option) in options.enumerated() {
      context.output.line("  \(number + 1)) \(option.1)")
    }
    return try ask("Choose 1-\(options.count)", default: index.map { String($0 + 1) }) { answer in
      if let number = Int(answer), options.indices.contains(number - 1) {
        return .success(options[number - 1].2)
      }
      if let match = options.first(where: { $0.0 == answer }) { return .success(match.2) }
      return .failure(PromptError("answer with a number from 1 to \(options.count)"))
    }
  }

  /// Yes or no.
  func confirm(_ question: String, default yes: Bool) throws -> Bool {
    try ask(question + (yes ? " (Y/n)" : " (y/N)")) { answer in
      switch answer.lowercased() {
      case "": .success(yes)
      case "y", "yes": .success(true)
      case "n", "no": .success(false)
      default: .failure(PromptError("answer y or n"))
      }
    }
  }
}

/// Why an answer was not accepted.
struct PromptError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}
