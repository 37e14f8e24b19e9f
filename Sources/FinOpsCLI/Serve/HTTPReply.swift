import Foundation

/// A response `finops serve` sends: a status, its headers and a body, encoded as HTTP/1.1.
struct HTTPReply: Sendable {
  /// The status code.
  var status: Int
  /// Headers besides `Date`, `Content-Length` and `Connection`, which encoding adds.
  var headers: [(name: String, value: String)]
  /// The body (sent for GET, left out but still measured for HEAD).
  var body: Data

  /// The reason phrase of each status `finops serve` sends.
  static func reason(_ status: Int) -> String {
    switch status {
    case 200: "OK"
    case 301: "Moved Permanently"
    case 400: "Bad Request"
    case 404: "Not Found"
    case 405: "Method Not Allowed"
    case 431: "Request Header Fields Too Large"
    case 503: "Service Unavailable"
    case 505: "HTTP Version Not Supported"
    default: "Error"
    }
  }

  /// A short plain-text answer for a request that cannot be served as asked.
  static func plain(_ status: Int, headers: [(name: String, value: String)] = []) -> HTTPReply {
    HTTPReply(
      status: status, headers: [("Content-Type", "text/plain; charset=utf-8")] + headers,
      body: Data("\(status) \(reason(status))\n".utf8))
  }

  /// The status line, the headers and (unless `includingBody` is false, for HEAD) the body.
  func encoded(includingBody: Bool, keepAlive: Bool, date: String) -> Data {
    var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\nDate: \(date)\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    head +=
      "Content-Length: \(body.count)\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
    var data = Data(head.utf8)
    if includingBody { data.append(body) }
    return data
  }

  /// `seconds` since 1970 as an HTTP date (RFC 9110 §5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`.
  static func httpDate(_ seconds: Int) -> String {
    var time = time_t(seconds)
    var parts = tm()
    gmtime_r(&time, &parts)
    let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    let months = [
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return
      "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
      + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
  }
}
