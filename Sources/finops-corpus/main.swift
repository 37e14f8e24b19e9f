import FinOpsCore
import FinOpsRepository
import Foundation

// finops-corpus N DIR [SEED] [--git]: writes a complete synthetic governance repository
// (finops.yml, a price catalog and N workloads in every state, histories built through the real
// lifecycle) for benchmarks; --git also makes the git history, one commit per transition.

let arguments = CommandLine.arguments
let history = arguments.contains("--git")
let positional = arguments.filter { $0 != "--git" }
guard positional.count >= 3, let count = Int(positional[1]), count > 0 else {
  FileHandle.standardError.write(Data("usage: finops-corpus N DIR [SEED] [--git]\n".utf8))
  exit(64)
}
let seed = positional.count > 3 ? UInt64(positional[3]) ?? 42 : 42
let generator = CorpusGenerator(seed: seed)
do {
  try generator.write(workloads: count, to: positional[2], history: history)
  print("wrote \(count) workloads to \(arguments[2])")
} catch {
  FileHandle.standardError.write(Data("finops-corpus: \(error)\n".utf8))
  exit(1)
}
