import Foundation
import Testing
import Yams

@testable import FinOpsRepository

@Suite("The fast YAML path agrees with the full parser")
struct FastYAMLParserTests {
  /// The full parser's reading of `text`, in the same node type.
  func full(_ text: String) throws -> YAMLNode? {
    try Yams.compose(yaml: text, .basic).map { try YAMLNode($0) }
  }

  static var demoTexts: [(String, String)] {
    let root = Fixture.repositoryRoot
    var texts: [(String, String)] = []
    if let config = try? String(contentsOf: root.appendingPathComponent("finops.yml"), encoding: .utf8) {
      texts.append(("finops.yml", config))
    }
    let folder = root.appendingPathComponent("workloads")
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
      guard let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8),
        case .success(let split) = FrontMatter.split(path: name, text: text)
      else { continue }
      texts.append((name, split.yaml))
    }
    return texts.sorted { $0.0 < $1.0 }
  }

  @Test("every demo file takes the fast path and reads exactly as the full parser reads it")
  func demoFiles() throws {
    let texts = Self.demoTexts
    #expect(texts.count >= 13)
    for (name, text) in texts {
      let fast = FastYAMLParser.parse(text)
      #expect(fast != nil, "\(name) fell back to the full parser")
      #expect(fast == (try full(text)), "\(name)")
    }
  }

  static let snippets = [
    "a: 1\nb: two words\n", "a:\n  - x\n  - y\n", "a:\n- x\n- y\n", "list: [a, b, c]\n",
    "list: []\n", "q: \"x\\ty \\\"z\\\" \\u00e9\"\n", "s: 'it''s'\n", "c: value # comment\n",
    "# leading comment\na: 1\n", "l: |-\n  one\n\n  two\n", "l: |\n  one\n  two\n\n", "a:\n  b:\n    c: d\n",
    "- a: 1\n  b: 2\n- a: 3\n", "a: x:y\n", "a: http://x\n", "ü: 1\n", "a: ünï: x\n", "a: b\n  c\n",
    "a: 'x'\n", "a:\n", "a: - x\n", "a: -1\n", "a: [x, 'y']\n", "a: {b: 1}\n", "a: &x 1\n",
    "a: \"unterminated\n", "\u{FEFF}a: 1\n", "a: 1\r\nb: 2\r\n", "- - x\n", "a: |+\n  x\n",
    "a:    spaced   \n", "list: [ü, b]\n", "a: x #\n", "a: x#y\n", "a: 'x' # c\n", "a: \"x\"y\n",
    "k:\n  - id: x\n    units:\n      - id: y\n", "a: |-\n    deeper\n  less\n", "a:\tb\n",
    "a: 1\rb: 2\n", "a: 1\r\r\nb: 2\n", "a: 1\r", "---\na: 1\n", "a: 1\n...\n", "a: --x\n",
    "a:\n  ---x\n", "\ta: 1\n", "%YAML 1.2\n---\na: 1\n", "a: b\u{7F}\n", "a: \u{1}\n",
    "a: é\u{FEFF}\n", "a: 1\n\n\n", "", "a: a longer value \u{7F} and more\n",
    "a: a longer value \u{1} and more\n", "a: a longer value\rb: and more text\n",
    "a: a longer value \u{FEFF} and more\n", "a: a longer\tvalue and more\n",
  ]

  @Test("snippets either take the fast path with the full parser's result, or fall back", arguments: snippets)
  func snippet(text: String) throws {
    guard let fast = FastYAMLParser.parse(text) else { return }
    #expect(fast == (try full(text)))
  }

  @Test("the fast path covers the forms the tool writes")
  func coverage() {
    for text in ["a: 1\n", "a:\n  - x\n", "l: |-\n  one\n  two\n", "q: \"x\\n\"\n", "list: [a, b]\n"] {
      #expect(FastYAMLParser.parse(text) != nil, "\(text)")
    }
  }
}
