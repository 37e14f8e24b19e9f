import ArgumentParser
import FinOpsCore
import Foundation

/// The `finops` command: one governed path from an AI request to a live, cost-attributed
/// workload, kept as plain files in git.
public struct FinOpsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "finops",
    abstract: "Govern AI workloads from request to live, cost-attributed AWS workload, in git.",
    version: "0.1.0",
    subcommands: [
      SubmitCommand.self, ResubmitCommand.self, ApproveCommand.self, RequestChangesCommand.self,
      RejectCommand.self, TaskCommand.self, ImplementCommand.self, ClaimCommand.self,
      RetireCommand.self, InboxCommand.self, CheckCommand.self, AuditCommand.self,
      PricingCommand.self, BuildCommand.self, InitCommand.self, CodeOwnersCommand.self,
      DiffCommand.self, NotifyCommand.self, ServeCommand.self,
    ]
  )

  public init() {}

  /// Runs `arguments` (without the program name) in `context` and returns the exit code.
  public static func run(_ arguments: [String], in context: Context) -> Int32 {
    Context.$current.withValue(context) {
      do {
        var command = try parseAsRoot(arguments)
        try command.run()
        return 0
      } catch let failure as Failure {
        context.errors.line(failure.description)
        return 1
      } catch {
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        if !message.isEmpty {
          (code == .success ? context.output : context.errors).line(message)
        }
        return code.rawValue
      }
    }
  }

  /// The entry point of the `finops` executable.
  public static func mainEntry() -> Never {
    let code = run(Array(CommandLine.arguments.dropFirst()), in: .process)
    Foundation.exit(code)
  }
}

/// Options every command that reads the repository shares.
struct RepositoryOptions: ParsableArguments {
  @Option(name: .long, help: "The repository root (default: the nearest folder with finops.yml).")
  var root: String?
}
