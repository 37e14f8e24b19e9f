import Foundation
import Testing

@testable import FinOpsCLI

@Suite("finops serve's HTTP server")
struct LocalHTTPServerTests {
  static func parse(_ text: String) -> HTTPRequestHead.Parse {
    HTTPRequestHead.parse(Array(text.utf8)[...])
  }

  @Test(
    "a request head gives its method, decoded path, keep-alive and body",
    arguments: [
      ("GET /a/b.html?x=1#f HTTP/1.1\r\nHost: h\r\n\r\n", "GET", "/a/b.html", true, false),
      ("HEAD /%E2%82%AC%20x HTTP/1.1\r\nConnection: Close\r\n\r\n", "HEAD", "/€ x", false, false),
      ("GET / HTTP/1.0\r\n\r\n", "GET", "/", false, false),
      ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "GET", "/", true, false),
      ("GET / HTTP/1.0\r\nConnection: close, keep-alive\r\n\r\n", "GET", "/", false, false),
    ("GET /a HTTP/1.2\r\n\r\n", "GET", "/a", true, false),
    ("GET http://x?/index.html HTTP/1.1\r\n\r\n", "GET", "/", true, false),
    ("GET http://x#/index.html HTTP/1.1\r\n\r\n", "GET", "/", true, false),
      (
        "\r\n\nGET http://127.0.0.1:8000/p?q HTTP/1.1\nContent-Length: 3\n\n", "GET", "/p", true,
        true
      ),
      ("GET https://host HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", "GET", "/", true, true),
      (
        "POST /x HTTP/1.1\r\nContent-Length: 0\r\nConnection: upgrade, close\r\n\r\n", "POST", "/x",
        false, false
      ),
    ])
  func parsesHeads(text: String, method: String, path: String, keepAlive: Bool, hasBody: Bool) {
    let expected = HTTPRequestHead(
      method: method, path: path, keepAlive: keepAlive, hasBody: hasBody)
    guard case .head(let head, let length) = Self.parse(text + "GET /next HTTP/1.1\r\n\r\n") else {
      Issue.record("no head in \(text.debugDescription)")
      return
    }
    #expect(head == expected)
    #expect(
      length == text.utf8.count, "the head ends after its blank line, before the next request")
  }

  @Test(
    "a head that cannot be served is answered with its status",
    arguments: [
      ("GARBAGE\r\n\r\n", 400),
      ("GET /\r\n\r\n", 400),
      ("GET  / HTTP/1.1\r\n\r\n", 400),
      ("G(T / HTTP/1.1\r\n\r\n", 400),
      ("GET relative HTTP/1.1\r\n\r\n", 400),
      ("GET ftp://host/x HTTP/1.1\r\n\r\n", 400),
      ("GET /%zz HTTP/1.1\r\n\r\n", 400),
      ("GET /%4 HTTP/1.1\r\n\r\n", 400),
      ("GET /a%00b HTTP/1.1\r\n\r\n", 400),
      ("GET /%FF HTTP/1.1\r\n\r\n", 400),
      ("GET / HTTP/1.1\r\nNo colon\r\n\r\n", 400),
      ("GET / HTTP/1.1\r\nName : value\r\n\r\n", 400),
      ("GET / HTTP/1.1\r\n folded: line\r\n\r\n", 400),
      ("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
      ("GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", 400),
      ("GET / HTTP/1.1\r\nContent-Length: +1\r\n\r\n", 400),
      ("GET / HTTP/2.0\r\n\r\n", 505),
      ("GET / HTTP/x\r\n\r\n", 400),
      ("GET / HTTP/1.x\r\n\r\n", 400),
      ("GET / HTTP/1\r\n\r\n", 400),
      ("GET / HTTP/3.0\r\n\r\n", 505),
    ])
  func refusesHeads(text: String, status: Int) {
    #expect(Self.parse(text) == .failure(status: status))
  }

  @Test("a head not yet ended asks for more, up to the limit")
  func incompleteHeads() {
    let long = "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 17_000)
    #expect(Self.parse(long + "\r\n\r\n") == .failure(status: 431))
    #expect(Self.parse("") == .incomplete)
    #expect(Self.parse("GET / HTTP/1.1\r\nHost: h\r\n") == .incomplete)
    #expect(Self.parse(long) == .failure(status: 431))
  }

  @Test("dates are HTTP dates")
  func dates() {
    #expect(HTTPReply.httpDate(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    #expect(HTTPReply.httpDate(1_795_820_405) == "Fri, 27 Nov 2026 23:00:05 GMT")
  }

  /// Sends `bytes` on a new connection to 127.0.0.1:`port` and reads until the server closes it.
  /// A new connection to 127.0.0.1:`port`, reads on it waiting up to 10 s.
  static func connection(to port: UInt16) throws -> Int32 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    try #require(descriptor >= 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    if connected != 0 { close(descriptor) }
    try #require(connected == 0)
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    return descriptor
  }

  /// Sends `bytes` on `descriptor`.
  static func send(_ bytes: String, on descriptor: Int32) throws {
    let request = Array(bytes.utf8)
    try #require(
      request.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
        == request.count)
  }

  /// What `descriptor` reads until the server closes it.
  static func answer(_ descriptor: Int32) -> String {
    var answer: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
      if count <= 0 { break }
      answer += chunk[..<count]
    }
    return String(decoding: answer, as: UTF8.self)
  }

  /// Sends `bytes` on a new connection to 127.0.0.1:`port` and reads until the server closes it.
  static func exchange(_ bytes: String, port: UInt16) throws -> String {
    let descriptor = try connection(to: port)
    defer { close(descriptor) }
    try send(bytes, on: descriptor)
    return answer(descriptor)
  }

  @Test("a head sent a byte at a time is cut off; past the limit a connection is answered 503")
  func slowAndMany() throws {
    let server = try LocalHTTPServer(port: 0, idle: 1, limit: 1)
    Thread.detachNewThread {
      try? server.run { _ in HTTPReply(status: 200, headers: [], body: Data("ok".utf8)) }
    }
    defer { server.stop() }
    let slow = try Self.connection(to: server.port)
    defer { close(slow) }
    let started = Date()
    // A byte every 0.4 s: each read within the idle time, the head never done within it.
    var closed = false
    for byte in "GET / HTTP/1.1\r\nHost: x\r\n" {
      if (try? Self.send(String(byte), on: slow)) == nil {
        closed = true
        break
      }
      var probe = pollfd(fd: slow, events: Int16(POLLIN), revents: 0)
      if poll(&probe, 1, 400) > 0 {
        closed = true
        break
      }
    }
    #expect(closed && Date().timeIntervalSince(started) < 4, "cut off after about a second")
    /// Whether a request is served within a few seconds (the thread of a connection just closed
    /// lets its place go a moment after the close).
    func servedAgain() -> Bool {
      for _ in 0..<30 {
        if (try? Self.exchange("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", port: server.port))?.hasSuffix("ok") == true {
          return true
        }
        Thread.sleep(forTimeInterval: 0.1)
      }
      return false
    }
    #expect(servedAgain(), "the cut-off connection's place is free again")
    // One connection held open, idle: the next is turned away at once. (A connection made
    // while the last one's place was not yet free is itself turned away: made again.)
    var held: Int32 = -1
    for _ in 0..<30 where held < 0 {
      let attempt = try Self.connection(to: server.port)
      Thread.sleep(forTimeInterval: 0.2)
      var probe = pollfd(fd: attempt, events: Int16(POLLIN), revents: 0)
      if poll(&probe, 1, 0) == 0 {
        held = attempt
      } else {
        close(attempt)
      }
    }
    #expect(held >= 0, "a connection is held open")
    #expect(
      try Self.exchange("GET / HTTP/1.1\r\n\r\n", port: server.port).hasPrefix(
        "HTTP/1.1 503 Service Unavailable\r\n"))
    // Once it goes, a connection is served again.
    close(held)
    #expect(servedAgain())
  }

  @Test("requests on one connection are answered in order; HEAD has no body; other methods get 405")
  func serves() throws {
    let server = try LocalHTTPServer(port: 0, idle: 1)
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      try? server.run { head in
        HTTPReply(
          status: 200, headers: [("Content-Type", "text/plain")],
          body: Data("path \(head.path)".utf8))
      }
      done.signal()
    }
    let pipelined = try Self.exchange(
      "GET /one HTTP/1.1\r\n\r\nHEAD /two HTTP/1.1\r\n\r\nGET /th%72ee HTTP/1.1\r\nConnection: close\r\n\r\nGET /four HTTP/1.1\r\n\r\n",
      port: server.port)
    let answers = pipelined.components(separatedBy: "HTTP/1.1 ").dropFirst()
    #expect(answers.count == 3, "the connection closes after the request that asked")
    #expect(
      answers.first?.hasSuffix("Content-Length: 9\r\nConnection: keep-alive\r\n\r\npath /one")
        == true)
    #expect(
      answers.dropFirst().first?.hasSuffix("Content-Length: 9\r\nConnection: keep-alive\r\n\r\n")
        == true)
    #expect(answers.last?.hasSuffix("Connection: close\r\n\r\npath /three") == true)

    let post = try Self.exchange(
      "POST /x HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiGET / HTTP/1.1\r\n\r\n", port: server.port)
    #expect(post.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"))
    #expect(post.contains("\r\nAllow: GET, HEAD\r\n"))
    #expect(
      post.components(separatedBy: "HTTP/1.1 ").count == 2,
      "a request's body is never read as a request")
    #expect(
      try Self.exchange("BAD\r\n\r\n", port: server.port).hasPrefix("HTTP/1.1 400 Bad Request\r\n"))

    // An idle connection is closed after `idle` seconds, its answers sent.
    let started = Date()
    let idle = try Self.exchange("GET /idle HTTP/1.1\r\n\r\n", port: server.port)
    #expect(idle.hasSuffix("path /idle"))
    #expect(Date().timeIntervalSince(started) < 8)

    server.stop()
    #expect(done.wait(timeout: .now() + 5) == .success, "run returns once stopped")
  }

  @Test("a port in use is refused with the system's words")
  func portTaken() throws {
    let server = try LocalHTTPServer(port: 0)
    defer { server.stop() }
    #expect(throws: (any Error).self) { try LocalHTTPServer(port: server.port) }
    do {
      _ = try LocalHTTPServer(port: server.port)
    } catch {
      #expect(LocalHTTPServer.describe(error) == "Address already in use")
    }
  }
}
