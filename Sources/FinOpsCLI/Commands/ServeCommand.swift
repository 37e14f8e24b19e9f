import ArgumentParser
import FinOpsCore
import FinOpsRepository
import Foundation

/// `finops serve`: builds the site, serves it on localhost, and rebuilds when files change.
struct ServeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Build the site, serve it on localhost and rebuild it (with live reload) on every change.",
    discussion: """
      Watches finops.yml, workloads/, templates/, pricing/ and spend/. Every rebuild is swapped \
      in whole, so the server never serves half a site; a build that fails keeps the last good \
      site and prints why. Pages reload themselves when a rebuild lands.
      """)

  @OptionGroup var repository: RepositoryOptions
  @Option(help: "The port on 127.0.0.1.") var port: UInt16 = 8000
  @Option(help: "The output folder, relative to the repository root.") var output = "site"
  @Flag(help: "Print how long each rebuild's stages took, from the change seen to the new site served.")
  var timings = false

  /// Unblocks SIGINT, SIGTERM and SIGHUP: a server started by a process that blocks them (a
  /// test runner, some supervisors) inherits the blocked mask and could then never be stopped.
  static func allowStopSignals() {
    var signals = sigset_t()
    sigemptyset(&signals)
    for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, signal) }
    pthread_sigmask(SIG_UNBLOCK, &signals, nil)
  }

  func run() throws {
    Self.allowStopSignals()
    let context = Context.current
    let workspace = try Workspace(repository, context: context)
    let root = workspace.repository.root
    let target = output.hasPrefix("/") ? output : workspace.repository.absolute(output)
    let state = ServeState()
    let resident = BuildCommand.Resident()
    let standardized = URL(fileURLWithPath: target).standardizedFileURL.path + "/"
    if let top = FileWatcher.tops.first(where: {
      standardized.hasPrefix(URL(fileURLWithPath: root + "/" + $0).standardizedFileURL.path + "/")
    }) {
      throw Failure("--output \(output) is inside \(top)/, which serve watches: every rebuild would set off the next")
    }
    // Watching starts before the first build, so that nothing changed during it goes unseen.
    let watcher = FileWatcher(root: root)
    if case .polling(let reason) = watcher.mode {
      context.errors.line("watching for changes every 0.4 s (\(reason))")
    }
    // Listening starts before the first build, so that a taken port is said at once; requests
    // made during the build wait for it.
    let server: LocalHTTPServer
    do {
      server = try LocalHTTPServer(port: port)
    } catch {
      throw Failure("cannot serve on 127.0.0.1:\(port): \(LocalHTTPServer.describe(error)); is the port taken? pass --port")
    }
    rebuild(workspace, target: target, state: state, resident: resident, stopwatch: Stopwatch())
    Thread.detachNewThread {
      while true {
        let before = watcher.mode
        let seen = watcher.wait()
        if before == .kernel, case .polling(let reason) = watcher.mode {
          context.errors.line("watching for changes every 0.4 s from now on (\(reason))")
        }
        var stopwatch = Stopwatch(since: seen)
        stopwatch.lap("the changes settling")
        if let fresh = try? Workspace(repository, context: context) {
          rebuild(fresh, target: target, state: state, resident: resident, stopwatch: stopwatch)
        } else {
          context.errors.line("finops.yml does not load; keeping the last good site")
        }
      }
    }
    context.errors.line("serving \(output)/ at http://127.0.0.1:\(server.port)/ (Ctrl-C stops)")
    do {
      try server.run { request in ServeState.respond(to: request, site: target, state: state) }
    } catch {
      throw Failure("serving on 127.0.0.1:\(port) stopped: \(LocalHTTPServer.describe(error))")
    }
  }

  /// Builds the site into `target` and moves the served version on; `stopwatch` started when
  /// the change was seen.
  func rebuild(
    _ workspace: Workspace, target: String, state: ServeState, resident: BuildCommand.Resident, stopwatch: Stopwatch
  ) {
    var stopwatch = stopwatch
    // What the build held is dropped once the new site is served, not before.
    var held: [Any] = []
    do {
      let built = try BuildCommand.build(
        workspace, into: target, cache: true, stopwatch: &stopwatch, keep: { held.append($0) }, resident: resident)
      let version = state.bump()
      workspace.context.errors.line("built \(built.count) files\(built.unchanged) (version \(version))")
      if timings {
        stopwatch.lap("served")
        workspace.context.errors.line(stopwatch.report())
      }
    } catch {
      workspace.context.errors.line("\(error)\nkeeping the last good site")
    }
  }
}

/// The served site's version, bumped by every rebuild, for live reload: each served page is told
/// the version it was served at and asks for the current one twice a second while it is shown
/// (every 2 s while hidden), reloading when it differs.
///
/// It asks by loading a same-origin script, which the pages' Content-Security-Policy must allow
/// anyway for the reload script itself (`script-src 'self'`), so no policy is changed; and each
/// request is answered at once, so open tabs never hold the browser's few connections per host.
final class ServeState: @unchecked Sendable {
  private let lock = NSLock()
  private var version = 0

  func bump() -> Int { lock.withLock { version += 1; return version } }
  var current: Int { lock.withLock { version } }

  static let reloadScript = """
    (function () {
      var script = document.currentScript;
      var seen = script ? script.getAttribute("data-version") : null;
      window.finopsVersion = function (version) {
        if (seen !== null && version !== seen) { location.reload(); return; }
        seen = version;
      };
      function poll() {
        var ask = document.createElement("script");
        ask.src = "/__finops/version.js?" + Date.now();
        ask.onload = ask.onerror = function () {
          ask.remove();
          setTimeout(poll, document.hidden ? 2000 : 500);
        };
        document.head.appendChild(ask);
      }
      poll();
    })();
    """

  /// The answer to a GET or HEAD of `request.path`: the live-reload endpoints, or a file of the
  /// site in `site` (HTML with the reload script added), or its 404 page.
  static func respond(to request: HTTPRequestHead, site: String, state: ServeState) -> HTTPReply {
    switch request.path {
    case "/__finops/version":
      return HTTPReply(
        status: 200, headers: [("Content-Type", "text/plain"), ("Cache-Control", "no-store")],
        body: Data("\(state.current)".utf8))
    case "/__finops/version.js":
      return HTTPReply(
        status: 200, headers: [("Content-Type", "text/javascript"), ("Cache-Control", "no-store")],
        body: Data("window.finopsVersion && window.finopsVersion(\"\(state.current)\");\n".utf8))
    case "/__finops/livereload.js":
      return HTTPReply(status: 200, headers: [("Content-Type", "text/javascript")], body: Data(reloadScript.utf8))
    default:
      break
    }
    var relative = request.path
    if relative.hasSuffix("/") { relative += "index.html" }
    let root = URL(fileURLWithPath: site).standardizedFileURL.path
    let path = URL(fileURLWithPath: root + relative).standardizedFileURL.path
    // Read before the file: a rebuild puts its site in place before it moves the version on,
    // so the page is of this version or a later one (which at worst reloads it once more).
    let served = state.current
    // Only what is in the site, a link out of it not followed (a build never makes one).
    let real = (realpath(root, nil), realpath(path, nil))
    defer {
      free(real.0)
      free(real.1)
    }
    guard path.hasPrefix(root + "/"), let realRoot = real.0.map({ String(cString: $0) }),
      let realPath = real.1.map({ String(cString: $0) }), realPath.hasPrefix(realRoot + "/")
    else { return notFound(root) }
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: realPath, isDirectory: &isFolder), isFolder.boolValue {
      // A folder asked for without its slash: its index, where its links resolve.
      return HTTPReply(
        status: 301, headers: [("Location", Self.escapedPath(request.path + "/")), ("Content-Type", "text/plain")],
        body: Data("moved to \(request.path)/\n".utf8))
    }
    guard let data = FileManager.default.contents(atPath: realPath) else { return notFound(root) }
    let types = [
      "html": "text/html; charset=utf-8", "css": "text/css", "js": "text/javascript",
      "json": "application/json", "xml": "application/atom+xml", "svg": "image/svg+xml",
    ]
    let type = types[(path as NSString).pathExtension] ?? "application/octet-stream"
    var body = data
    if type.hasPrefix("text/html") {
      // Live reload: a same-origin script, which the pages' Content-Security-Policy allows, told
      // the version the page was served at.
      let html = String(decoding: data, as: UTF8.self).replacingOccurrences(
        of: "</body>",
        with: "<script src=\"/__finops/livereload.js\" data-version=\"\(served)\" defer></script>\n</body>")
      body = Data(html.utf8)
    }
    return HTTPReply(status: 200, headers: [("Content-Type", type), ("Cache-Control", "no-store")], body: body)
  }

  /// The site's 404 page.
  static func notFound(_ root: String) -> HTTPReply {
    let page = FileManager.default.contents(atPath: root + "/404.html") ?? Data("not found".utf8)
    return HTTPReply(status: 404, headers: [("Content-Type", "text/html; charset=utf-8")], body: page)
  }

  /// `path` percent-encoded for a `Location` header: every byte but unreserved characters
  /// and slashes.
  static func escapedPath(_ path: String) -> String {
    var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
    allowed.insert(charactersIn: "-._~/")
    return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? "/"
  }
}
