import FinOpsCore
import FinOpsRepository
import Foundation

// finops-corpus N DIR [SEED]: writes a complete synthetic governance repository (finops.yml and
// N workloads in every state, histories built through the real lifecycle) for benchmarks.

let arguments = CommandLine.arguments
guard arguments.count >= 3, let count = Int(arguments[1]), count > 0 else {
  FileHandle.standardError.write(Data("usage: finops-corpus N DIR [SEED]\n".utf8))
  exit(64)
}
let seed = arguments.count > 3 ? UInt64(arguments[3]) ?? 42 : 42
let generator = CorpusGenerator(seed: seed)
do {
  try generator.write(workloads: count, to: arguments[2])
  print("wrote \(count) workloads to \(arguments[2])")
} catch {
  FileHandle.standardError.write(Data("finops-corpus: \(error)\n".utf8))
  exit(1)
}
