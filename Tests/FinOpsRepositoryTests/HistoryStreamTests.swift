import FinOpsCore
import FinOpsTestSupport
import Foundation
import Testing

@testable import FinOpsRepository

@Suite("the audit's history pipeline")
struct HistoryStreamTests {
  @Test("a message splits at each newline, but not inside a CRLF pair")
  func lines() {
    #expect(HistoryCommit.lines("a\nb\n") == ["a", "b", ""])
    #expect(HistoryCommit.lines("") == [""])
    #expect(HistoryCommit.lines("a\r\nb\nc") == ["a\r\nb", "c"])
    let message = "approve: w/k7q2\n\nFinops-Transition: approve\nFinops-Persona: finops-lead\n"
    let commit = HistoryCommit(id: "0123456789", authorEmail: "a@example.com", authorDate: nil, message: message, changes: [])
    #expect(commit.subject == "approve: w/k7q2")
    #expect(
      commit.trailers.dictionary == [
        "Finops-Transition": "approve", "Finops-Persona": "finops-lead",
      ])
    // A CRLF message is one Character-line per CRLF pair, as before: no trailers.
    #expect(HistoryCommit.parseTrailers(message.replacingOccurrences(of: "\n", with: "\r\n")).isEmpty)
  }

  /// Trailers found Character by Character, as before they were found by bytes.
  static func characterTrailers(_ message: String) -> [String: String] {
    var lines = HistoryCommit.lines(message)
    while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
    var paragraph: [Substring] = []
    while let last = lines.last, !last.allSatisfy(\.isWhitespace) {
      paragraph.insert(last, at: 0)
      lines.removeLast()
    }
    guard !lines.isEmpty else { return [:] }
    var result: [String: String] = [:]
    for line in paragraph {
      guard let colon = line.firstIndex(of: ":") else { return [:] }
      var value = line[line.index(after: colon)...]
      while value.first == " " { value = value.dropFirst() }
      result[String(line[..<colon])] = String(value)
    }
    return result
  }

  static let messages = [
    "approve: w/k7q2\n\nFinops-Transition: approve\nFinops-Persona: finops-lead\n",
    "a\n\nK: v\n \t\u{0B}\u{0C}\n\n", "a\r\n\r\nK: v\r\n", "a\n\nK: v\nno colon\n", "one paragraph: only\n",
    "a\n\u{00A0}\nK: v\n", "a\n\u{2028}\nK: v\n", "a\n \u{0301}\nK: v\n", "a\n\nK:\u{0301} v: w\n",
    "a\n\nK\u{0301}: v\n", "a\n\n\u{0600}x: v\n", "a\n\nKé: vé\n", "a\n\n😀: 😀\n", "a\n\nK:   v\n",
    "a\n\n\u{0600} \nK: v\n", "a\n\nK: v\r\nL: w\n", "", "\n\n",
    "a\n\nK: v\nK: w\n", "a\n\n:v\n", "a\n \t\nK:v", "K: v", "a\n\nK: v\n\n\r\n", "a\n\nK: \r\n",
    "a\n\nK : v :w\n", "a\r\n\nK: v\n", "a\n\u{0B}\nK: v\u{0C}\n",
  ]

  @Test("trailers found by bytes are those found Character by Character", arguments: messages)
  func trailers(message: String) {
    let trailers = HistoryCommit.parseTrailers(message)
    let expected = Self.characterTrailers(message)
    #expect(trailers.dictionary == expected)
    for (key, value) in expected { #expect(trailers[key] == value) }
  }

  @Test("the subject found by bytes is the message's first Character line", arguments: messages + [
    "one line", "a\r\nb\nc", "\r\n", "\u{0600}\nb", "a\u{0301}\nb", "\r\r\nx\ny",
  ])
  func subject(message: String) {
    let commit = HistoryCommit(
      id: "0", authorEmail: "", authorDate: nil, message: message, changes: [])
    let expected = message.split(separator: "\n", omittingEmptySubsequences: false)[0]
    #expect(commit.subject == String(expected))
    #expect(commit.subject.utf8.elementsEqual(expected.utf8))
  }

  @Test("records are the non-empty runs between separators, as split(separator:) gives them",
    arguments: [
      [], [0x1E], [0x1E, 0x1E], [1, 0x1E, 2, 3], [0x1E, 1, 0x1E, 0x1E, 2, 0x1E], [1, 2],
    ] as [[UInt8]])
  func records(bytes: [UInt8]) {
    let slice = ([9] + bytes + [9])[1...].dropLast()  // indices that do not start at zero
    #expect(
      Git.records(slice).map(Array.init)
        == slice.split(separator: 0x1E, omittingEmptySubsequences: true).map(Array.init))
  }

  static let paths = [
    "workloads/a.md", "workloads/a.MD", "workloads/a.md\u{0301}", "workloads/\u{0301}a.md",
    "workloads/a\u{0600}.md", "workloads/.md", "workloads/", "workloads", "workloadsa.md",
    "other/workloads/a.md", "workloads/é.md", "workloads/a.md\r\n", "workloads/a\r.md", "",
  ]

  @Test("workload files are found by bytes as Characters find them", arguments: paths)
  func workloadFile(path: String) {
    #expect(
      Git.isWorkloadFile(path)
        == (path.hasPrefix(Repository.workloadsFolder + "/") && path.hasSuffix(".md")))
  }

  @Test(
    "a slug drops .md by bytes as Characters drop it",
    arguments: paths + ["a.md", "a/b.md/", ".md"])
  func slug(path: String) {
    let name = Substring(path.split(separator: "/").last ?? Substring(path))
    #expect(WorkloadDecoder.hasMarkdownSuffix(name) == name.hasSuffix(".md"))
  }

  @Test("a slug found by bytes is the one found Character by Character", arguments: [
    "workloads/claims.md", "workloads/unit/deep/claims.md", "claims.md", "claims", "", "/", "//",
    "a/b/", "a/b.md/", "a/.md", ".md", "md", "a/b.MD", "a/b.md.md", "a\r\n.md", "a/\r\n/b.md",
    "workloads/café.md", "a/b\u{0301}.md", "a/x.m\u{0301}d", "a/x.md\u{0301}",
  ])
  func wholeSlug(path: String) {
    // The slug as it was found before: by Characters.
    var trimmed = Substring(path)
    while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    var name = trimmed.isEmpty ? Substring(path) : trimmed.split(separator: "/", omittingEmptySubsequences: false).last ?? trimmed
    if name.hasSuffix(".md") { name = name.dropLast(3) }
    #expect(WorkloadDecoder.slug(of: path) == String(name))
    #expect(WorkloadDecoder.slug(of: path).utf8.elementsEqual(name.utf8))
  }

  @Test("a reference splits at / by bytes as at / Characters", arguments: [
    "w/k7q2", "w//k7q2/", "/", "", "w", "w/\u{0301}k", "\u{0600}/k", "é/k/x", "a/b/c",
  ])
  func referenceParts(reference: String) {
    #expect(
      HistoryAudit.referenceParts(reference) == reference.split(separator: "/").map(String.init))
  }

  @Test("blobs come out in the order they were asked for, a missing one as nil")
  func blobStream() throws {
    let repository = try GitRepositoryFixture(files: ["workloads/a.md": "first\n", "workloads/b.md": ""])
    defer { repository.remove() }
    let git = Git(root: repository.path, environment: repository.environment(as: "maintainer@example.com"))
    let ids = try repository.git(["ls-tree", "-r", "--format=%(objectname)", "HEAD"])
      .split(separator: "\n").map(String.init)
    let contents = Channel<String?>()
    let stream = try BlobStream(
      git: git, each: { data in contents.push(data.map { String(decoding: $0, as: UTF8.self) }) },
      end: { contents.close() })
    for name in [ids[0], String(repeating: "f", count: 40), ids[1], ids[0]] { stream.request(name) }
    stream.finish()
    var received: [String?] = []
    while let text = contents.pop() { received.append(text) }
    try stream.wait()
    #expect(received == ["first\n", nil, "", "first\n"])
  }

  @Test("a blob larger than the read buffer, and blobs cut by the end of a read, come out whole")
  func largeBlobs() throws {
    // 600,000 bytes, more than twice the buffer, then many small blobs that cross reads.
    let large = (0..<60_000).map { "line \($0 % 997)\n" }.joined()
    var files = ["workloads/large.md": large]
    for index in 0..<200 {
      files["workloads/s\(index).md"] = String(repeating: "x", count: index * 37)
    }
    let repository = try GitRepositoryFixture(files: files)
    defer { repository.remove() }
    let git = Git(
      root: repository.path, environment: repository.environment(as: "maintainer@example.com"))
    let listed = try repository.git(["ls-tree", "-r", "--format=%(objectname) %(path)", "HEAD"])
      .split(separator: "\n").map { $0.split(separator: " ", maxSplits: 1).map(String.init) }
    let byPath = Dictionary(uniqueKeysWithValues: listed.map { ($0[1], $0[0]) })
    let order =
      ["workloads/large.md"] + (0..<200).map { "workloads/s\($0).md" } + ["workloads/large.md"]
    let contents = Channel<String?>()
    let stream = try BlobStream(
      git: git, each: { data in contents.push(data.map { String(decoding: $0, as: UTF8.self) }) },
      end: { contents.close() })
    for path in order { stream.request(byPath[path]!) }
    stream.finish()
    var received: [String?] = []
    while let text = contents.pop() { received.append(text) }
    try stream.wait()
    #expect(received == order.map { files[$0] })
  }

  @Test(
    "cat-file's output splits into the same contents whatever sizes it is read in",
    arguments: [
      0, 1, 2, 3, 7, 16, 64, 1000,
    ])
  func blobSplit(capacity: Int) {
    var random = SeededRandom(state: UInt64(capacity))
    var blobs: [[UInt8]?] = []
    var output: [UInt8] = []
    for index in 0..<300 {
      if index % 37 == 5 {
        blobs.append(nil)
        output += Array("\(String(repeating: "f", count: 40)) missing\n".utf8)
        continue
      }
      let count = index % 50 == 0 ? Int(random.next() % 5000) : Int(random.next() % 90)
      // Contents with line breaks and spaces, which must not be taken for headers.
      let blob = (0..<count).map { _ in [0x0A, 0x20, 0x61, 0x31][Int(random.next() % 4)] as UInt8 }
      blobs.append(blob)
      output += Array("\(String(repeating: "a", count: 40)) blob \(count)\n".utf8) + blob + [0x0A]
    }
    var offset = 0
    var received: [[UInt8]?] = []
    BlobStream.split(
      reading: { target in
        // Never more than asked, and a random amount of it: reads end anywhere in a record.
        let count = min(target.count, output.count - offset, 1 + Int(random.next() % 300))
        target.copyBytes(from: output[offset..<(offset + count)])
        offset += count
        return count
      }, initialCapacity: capacity
    ) { received.append($0.map(Array.init)) }
    #expect(received == blobs)
  }

  @Test("the streamed log lists workload commits oldest first and fails like git")
  func streamedLog() throws {
    let repository = try GitRepositoryFixture(files: ["workloads/a.md": "one\n", "README.md": "x\n"])
    defer { repository.remove() }
    try repository.directory.write("workloads/a.md", "two\n")
    try repository.directory.write("README.md", "y\n")
    try repository.git(["commit", "--quiet", "-am", "Second"], now: "2026-09-02T00:00:00Z")
    try repository.directory.write("README.md", "z\n")
    try repository.git(["commit", "--quiet", "-am", "Readme only"], now: "2026-09-03T00:00:00Z")
    let git = Git(root: repository.path, environment: repository.environment(as: "maintainer@example.com"))
    let commits = try git.workloadHistory(since: nil)
    #expect(commits.map(\.subject) == ["Initial governance repository", "Second"])
    #expect(commits[0].changes.map(\.path) == ["workloads/a.md"])
    #expect(commits[0].changes[0].before == nil)
    #expect(commits[1].changes[0].before == commits[0].changes[0].after)
    #expect(throws: GitError.self) { try git.workloadHistory(since: "no-such-revision") }
    var newestFirst: [String] = []
    try git.workloadHistory(since: nil) { newestFirst.append($0.id) }
    #expect(newestFirst == commits.reversed().map(\.id))
  }
}

@Suite("Child processes")
struct ChildProcessTests {
  @Test("writing to a child that already exited ends the write instead of killing finops")
  func writeToExitedChild() throws {
    let child = try Subprocess.Child("sh", ["-c", "exit 3"], environment: ProcessInfo.processInfo.environment)
    Thread.sleep(forTimeInterval: 0.2)
    child.write(Data(repeating: 0x41, count: 1 << 20))
    child.closeInput()
    var buffer = [UInt8](repeating: 0, count: 64)
    while child.read(into: &buffer) > 0 {}
    #expect(child.wait().status == 3)
  }

  @Test("a child's standard error is drained by a thread of its own, not by a Dispatch worker")
  func ownThreads() throws {
    // A blocking read for a child's whole life on a Dispatch worker holds one of the pool's few
    // threads (one per core); work sent to the pool then waits for its one-second growth tick.
    // The drain's thread carries the child's pid in its name; a Dispatch worker would not.
    func threadNames() -> [String] {
      let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
      return tasks.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }
    }
    let child = try Subprocess.Child("sh", ["-c", "read line"], environment: ProcessInfo.processInfo.environment)
    let name = "stderr \(child.processIdentifier)\n"
    var found = false
    for _ in 0..<200 where !found {  // the thread names itself as it starts
      found = threadNames().contains(name)
      if !found { Thread.sleep(forTimeInterval: 0.01) }
    }
    child.closeInput()
    var buffer = [UInt8](repeating: 0, count: 64)
    while child.read(into: &buffer) > 0 {}
    _ = child.wait()
    #expect(found, "no thread named \(name)")
  }
}
