import FlyingSocks
import Foundation

/// `finops serve`'s HTTP/1.1 server on 127.0.0.1: GET and HEAD, keep-alive and pipelining, one
/// thread per connection over FlyingSocks' blocking sockets (`doc/adr/0004-serve-over-flyingsocks.md`).
///
/// Each request is answered by a function of its head; a request with a body, or one that cannot
/// be parsed, is answered and its connection closed. A connection idle for `idle` seconds, whose
/// request head takes longer than that to arrive, or whose reader stops reading for as long, is
/// closed. Past `limit` connections at once, a new one is answered 503 and closed.
final class LocalHTTPServer: @unchecked Sendable {
  private let socket: Socket
  private let lock = NSLock()
  private var stopped = false
  /// Connections being served.
  private var open = 0
  /// The port listened on (the one asked for, or the kernel's choice for 0).
  let port: UInt16
  /// How long a connection may sit idle, a request head take to arrive, or a write wait, in
  /// seconds, before the connection is closed.
  let idle: Int
  /// How many connections are served at once (a thread each).
  let limit: Int

  /// Listens on 127.0.0.1:`port` (0 for any free port); throws when the port is taken.
  init(port: UInt16, idle: Int = 15, limit: Int = 256) throws {
    let socket = try Socket(domain: AF_INET, type: .stream)
    do {
      Self.closeOnExec(socket)
      try socket.setValue(true, for: .localAddressReuse)
      try socket.bind(to: sockaddr_in.inet(ip4: "127.0.0.1", port: port))
      try socket.listen()
      guard case .ip4(_, let bound) = try socket.sockname() else {
        throw SocketError.unsupportedAddress
      }
      self.port = bound
    } catch {
      try? socket.close()
      throw error
    }
    self.socket = socket
    self.idle = idle
    self.limit = limit
  }

  /// Accepts connections and answers their requests with `answer` until `stop()`.
  func run(_ answer: @escaping @Sendable (HTTPRequestHead) -> HTTPReply) throws {
    while true {
      let connection: Socket
      do {
        connection = Socket(file: try socket.accept().file)
      } catch {
        if lock.withLock({ stopped }) { return }
        // Out of descriptors or memory, or a connection reset before it was taken: wait and
        // go on, as the listening socket itself is fine.
        if case SocketError.failed(_, let code, _) = error,
          [EINTR, ECONNABORTED, EMFILE, ENFILE, ENOBUFS, ENOMEM, EPROTO].contains(code)
        {
          usleep(50_000)
          continue
        }
        throw error
      }
      let admitted = lock.withLock {
        guard open < limit else { return false }
        open += 1
        return true
      }
      Self.closeOnExec(connection)
      guard admitted else {
        Self.setTimeouts(connection, seconds: 1)
        _ = Self.send(
          .plain(503, headers: [("Retry-After", "1")]), to: connection, body: true, keepAlive: false
        )
        try? connection.close()
        continue
      }
      let idle = idle
      Thread.detachNewThread {
        Self.serve(connection, idle: idle, answer: answer)
        self.lock.withLock { self.open -= 1 }
      }
    }
  }

  /// What went wrong with a socket, in the system's words (`Address already in use`).
  static func describe(_ error: any Error) -> String {
    if case SocketError.failed(_, _, let message) = error { return message }
    return "\(error)"
  }

  /// Stops `run` and closes the listening socket; connections being served finish on their own.
  func stop() {
    lock.withLock { stopped = true }
    shutdown(socket.file.rawValue, Int32(SHUT_RDWR))
    try? socket.close()
  }

  /// Answers the requests on one connection, in order, until it closes, fails or sits idle.
  static func serve(
    _ connection: Socket, idle: Int, answer: @Sendable (HTTPRequestHead) -> HTTPReply
  ) {
    defer { try? connection.close() }
    setTimeouts(connection, seconds: idle)
    var buffer: [UInt8] = []
    // When the head being read began to arrive: one sent a byte at a time would otherwise hold
    // its thread for ever.
    var began: Date?
    while true {
      switch HTTPRequestHead.parse(buffer[...]) {
      case .incomplete:
        if let began, Date().timeIntervalSince(began) > Double(idle) { return }
        guard let bytes = try? connection.read(atMost: 16 * 1024) else { return }
        if buffer.isEmpty { began = Date() }
        buffer += bytes
      case .failure(let status):
        if send(.plain(status), to: connection, body: true, keepAlive: false) { linger(connection) }
        return
      case .head(let head, let length):
        buffer.removeFirst(length)
        began = buffer.isEmpty ? nil : Date()
        let known = head.method == "GET" || head.method == "HEAD"
        let reply = known ? answer(head) : .plain(405, headers: [("Allow", "GET, HEAD")])
        // A body is not read: the connection ends after the answer rather than parse it as the
        // next request.
        let keepAlive = known && head.keepAlive && !head.hasBody
        guard send(reply, to: connection, body: head.method != "HEAD", keepAlive: keepAlive) else {
          return
        }
        guard keepAlive else { return linger(connection) }
      }
    }
  }

  /// Keeps `socket` from any process this one starts.
  private static func closeOnExec(_ socket: Socket) {
    _ = fcntl(socket.file.rawValue, F_SETFD, FD_CLOEXEC)
  }

  /// Ends a connection whose client may still be sending (a body not read): the answer is
  /// followed by the end of this side's stream, and what the client sends meanwhile is read
  /// and dropped, up to 64 KiB or a second. Closed at once with bytes unread, the kernel would
  /// reset the connection, and a client could lose the answer.
  private static func linger(_ connection: Socket) {
    shutdown(connection.file.rawValue, Int32(SHUT_WR))
    var timeout = timeval(tv_sec: 1, tv_usec: 0)
    setsockopt(
      connection.file.rawValue, SOL_SOCKET, SO_RCVTIMEO, &timeout,
      socklen_t(MemoryLayout<timeval>.size))
    var dropped = 0
    while dropped < 64 * 1024, let bytes = try? connection.read(atMost: 16 * 1024) {
      dropped += bytes.count
    }
  }

  /// Closes reads that wait, and writes that wait, longer than `seconds` on `connection`.
  private static func setTimeouts(_ connection: Socket, seconds: Int) {
    var timeout = timeval(tv_sec: seconds, tv_usec: 0)
    for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
      setsockopt(
        connection.file.rawValue, SOL_SOCKET, option, &timeout,
        socklen_t(MemoryLayout<timeval>.size))
    }
  }

  /// Writes `reply` whole; false when the connection failed first.
  private static func send(_ reply: HTTPReply, to connection: Socket, body: Bool, keepAlive: Bool)
    -> Bool
  {
    let data = reply.encoded(
      includingBody: body, keepAlive: keepAlive,
      date: HTTPReply.httpDate(Int(Date().timeIntervalSince1970)))
    var index = data.startIndex
    while index < data.endIndex {
      guard let next = try? connection.write(data, from: index) else { return false }
      index = next
    }
    return true
  }
}
