import FinOpsCore
import FinOpsRepository
import Foundation

// finops-corpus N DIR [SEED] [--git] [--spend-rows ROWS]: writes a complete synthetic governance
// repository (finops.yml, a price catalog, N workloads in every state, histories built through
// the real lifecycle, and weekly FOCUS cost exports for the live ones) for benchmarks; --git also
// makes the git history, one commit per transition; --spend-rows splits the same spend into
// exactly ROWS rows.

var arguments = CommandLine.arguments
let history = arguments.contains("--git")
arguments.removeAll { $0 == "--git" }
var spendRows: Int?
if let flag = arguments.firstIndex(of: "--spend-rows") {
  guard flag + 1 < arguments.count, let rows = Int(arguments[flag + 1]), rows > 0 else {
    FileHandle.standardError.write(Data("finops-corpus: --spend-rows needs a count\n".utf8))
    exit(64)
  }
  spendRows = rows
  arguments.removeSubrange(flag...(flag + 1))
}
let positional = arguments
guard positional.count >= 3, let count = Int(positional[1]), count > 0 else {
  FileHandle.standardError.write(
    Data("usage: finops-corpus N DIR [SEED] [--git] [--spend-rows ROWS]\n".utf8))
  exit(64)
}
let seed = positional.count > 3 ? UInt64(positional[3]) ?? 42 : 42
let generator = CorpusGenerator(seed: seed)
do {
  try generator.write(
    workloads: count, to: positional[2], history: history, spendRows: spendRows)
  print("wrote \(count) workloads to \(arguments[2])")
} catch {
  FileHandle.standardError.write(Data("finops-corpus: \(error)\n".utf8))
  exit(1)
}
