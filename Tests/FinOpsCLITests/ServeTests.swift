import FinOpsTestSupport
import Foundation
import Testing

@Suite("finops serve")
struct ServeTests {
  /// The body of a GET on the local server, or nil when it does not answer.
  func get(_ url: String) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = ["-s", "--max-time", "2", "-w", "\n%{http_code}", url]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return process.terminationStatus == 0 ? text : nil
  }

  func waitFor(_ timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if condition() { return true }
      Thread.sleep(forTimeInterval: 0.2)
    }
    return false
  }

  /// Stops the server and waits for it, killing it if it lingers, so no test leaves one running.
  static func stop(_ server: Process) {
    server.terminate()
    let deadline = Date().addingTimeInterval(5)
    while server.isRunning && Date() < deadline { usleep(50_000) }
    if server.isRunning { kill(server.processIdentifier, SIGKILL) }
    server.waitUntilExit()
  }

  /// `finops serve` on `port` in `folder`, its clock pinned at `now`.
  static func start(_ binary: String, in folder: String, port: Int, now: String) throws -> Process {
    let server = Process()
    server.executableURL = URL(fileURLWithPath: binary)
    server.arguments = ["serve", "--port", String(port)]
    server.currentDirectoryURL = URL(fileURLWithPath: folder)
    server.environment = ["FINOPS_NOW": now, "PATH": "/usr/bin:/bin"]
    server.standardOutput = FileHandle.nullDevice
    server.standardError = FileHandle.nullDevice
    try server.run()
    return server
  }

  @Test("it serves the built site, rebuilds when a workload changes, and says when the port is taken")
  func serveAndRebuild() throws {
    let binary = try #require(Binary.finops, "build finops first")
    try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"), "needs curl")
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    for item in ["finops.yml", "workloads", "pricing"] {
      try FileManager.default.copyItem(atPath: Paths.repositoryRoot + "/" + item, toPath: folder.path + "/" + item)
    }
    let port = Int.random(in: 20_000..<40_000)
    let base = "http://127.0.0.1:\(port)"
    let server = try Self.start(binary, in: folder.path, port: port, now: "2026-11-26T12:00:00Z")
    defer { Self.stop(server) }
    #expect(waitFor(30) { get(base + "/")?.contains("<h1>Dashboard</h1>") == true })
    let page = get(base + "/workloads/fnol-claims-assistant.html") ?? ""
    #expect(page.contains("livereload.js"))
    #expect(page.hasSuffix("200"))
    #expect(get(base + "/missing.html")?.hasSuffix("404") == true)
    // A link out of the site is not followed; a folder asked for without its slash is sent to it.
    try folder.write("outside/secret.txt", "secret")
    try FileManager.default.createSymbolicLink(
      atPath: folder.path + "/site/out", withDestinationPath: folder.path + "/outside")
    #expect(get(base + "/out/secret.txt")?.hasSuffix("404") == true)
    #expect(get(base + "/workloads")?.hasSuffix("301") == true)
    // Live reload: the page is told the version it was served at, and asks for the current one
    // by loading a script, which its policy allows as it is.
    #expect(page.contains("<script src=\"/__finops/livereload.js\" data-version=\"1\" defer></script>"))
    #expect(get(base + "/__finops/version.js")?.hasPrefix("window.finopsVersion && window.finopsVersion(\"1\");") == true)
    let path = folder.path + "/workloads/fnol-claims-assistant.md"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try text.replacingOccurrences(of: "title: FNOL Claims Assistant", with: "title: FNOL Claims Assistant Renamed")
      .write(toFile: path, atomically: true, encoding: .utf8)
    #expect(waitFor(30) {
      get(base + "/workloads/fnol-claims-assistant.html")?.contains("FNOL Claims Assistant Renamed") == true
    })
    #expect(get(base + "/__finops/version")?.hasPrefix("2") == true)

    let (status, message) = try Binary.run(
      binary, ["serve", "--port", String(port)], in: folder.path, environment: ["FINOPS_NOW": "2026-11-26T12:00:00Z"])
    #expect(status == 1)
    #expect(message.contains("is the port taken? pass --port"))
    // An output folder among the watched ones would set off a rebuild with every rebuild.
    let inside = try Binary.run(
      binary, ["serve", "--port", String(port), "--output", "workloads/preview"], in: folder.path,
      environment: ["FINOPS_NOW": "2026-11-26T12:00:00Z"])
    #expect(inside.0 == 1)
    #expect(inside.1.contains("--output workloads/preview is inside workloads/"))
  }

  @Test("every rebuild serves the site a fresh build gives, after edits to workloads and to spend exports")
  func rebuildsAreFresh() throws {
    let binary = try #require(Binary.finops, "build finops first")
    try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"), "needs curl")
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    try BuildCacheTests.copyDemo(into: folder)
    let now = "2026-11-26T12:00:00Z"
    let port = Int.random(in: 20_000..<40_000)
    let base = "http://127.0.0.1:\(port)"
    let server = try Self.start(binary, in: folder.path, port: port, now: now)
    defer { Self.stop(server) }
    var version = 1
    /// Waits for the next version, then compares the served folder with a fresh build's.
    func servedIsFresh(_ step: String) throws {
      #expect(waitFor(30) { get(base + "/__finops/version")?.hasPrefix("\(version)\n") == true }, "\(step)")
      version += 1
      let fresh = Run(["build", "--no-cache", "--output", "fresh"], in: folder.path, environment: ["FINOPS_NOW": now])
      #expect(fresh.code == 0, "\(fresh.errors)")
      let site = try BuildCacheTests.files(folder.path + "/site")
      let expected = try BuildCacheTests.files(folder.path + "/fresh")
      #expect(site.count == expected.count && site == expected, "\(step): \(Set(site.keys).symmetricDifference(expected.keys)), \(site.filter { expected[$0.key] != $0.value }.keys.sorted())")
      try FileManager.default.removeItem(atPath: folder.path + "/fresh")
    }
    func edit(_ path: String, _ change: (String) -> String) throws {
      try folder.write(path, change(try folder.read(path)))
    }
    try servedIsFresh("first build")
    let workload = "workloads/fraud-alert-triage.md"
    let text = try folder.read(workload)
    try edit(workload) { $0.replacingOccurrences(of: "title: Fraud Alert Triage", with: "title: Fraud Alert Triage Renamed") }
    try servedIsFresh("a title edited")
    try folder.write(workload, text)
    try servedIsFresh("the title edited back")
    let export = "spend/2026-08/focus-2026-08-20260901.csv"
    let rows = try folder.read(export)
    try edit(export) { $0.split(separator: "\n").dropLast().joined(separator: "\n") + "\n" }
    try servedIsFresh("a spend row removed")
    try folder.write(export, rows)
    try servedIsFresh("the spend row back")
    try edit(workload) { $0 + "\nA line added to the description.\n" }
    try servedIsFresh("a description edited")
  }
}
