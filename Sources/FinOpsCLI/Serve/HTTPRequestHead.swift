import Foundation

/// The head of an HTTP/1.x request, as `finops serve` reads it: the method, the path (decoded,
/// without its query) and whether the connection may carry another request after this one.
///
/// `finops serve` answers browsers and `curl` on 127.0.0.1 with files, so only what that needs is
/// understood (RFC 9112): the request line in origin or absolute form, `Connection`,
/// `Content-Length` and `Transfer-Encoding`. Lines may end in CRLF or a bare LF, and empty lines
/// before the request line are skipped.
struct HTTPRequestHead: Equatable, Sendable {
  /// The method as sent (methods are case-sensitive).
  var method: String
  /// The path, percent-decoded, without query or fragment; always starts with `/`.
  var path: String
  /// Whether the client may send another request on the connection (HTTP/1.1 unless
  /// `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`).
  var keepAlive: Bool
  /// Whether a body follows the head (`Content-Length` above zero, or any `Transfer-Encoding`).
  var hasBody: Bool

  /// The most a head may take: a browser's requests are well under 8 KiB.
  static let limit = 16 * 1024

  /// What reading a head from the start of some bytes gave.
  enum Parse: Equatable {
    /// The bytes end before the head does; read more (or answer 431 past `limit`).
    case incomplete
    /// A head, and how many bytes it took, the blank line that ends it included.
    case head(HTTPRequestHead, length: Int)
    /// A head that cannot be answered as a request; the connection is answered and closed.
    case failure(status: Int)
  }

  /// Reads the head at the start of `bytes`.
  static func parse(_ bytes: ArraySlice<UInt8>) -> Parse {
    var start = bytes.startIndex
    // RFC 9112 §2.2: at least one empty line before the request line is ignored.
    while start < bytes.endIndex, bytes[start] == 0x0D || bytes[start] == 0x0A { start += 1 }
    var lines: [ArraySlice<UInt8>] = []
    var lineStart = start
    var position = start
    var end: Int?
    while position < bytes.endIndex {
      if bytes[position] == 0x0A {
        var line = bytes[lineStart..<position]
        if line.last == 0x0D { line = line.dropLast() }
        if line.isEmpty {
          end = position + 1
          break
        }
        lines.append(line)
        lineStart = position + 1
      }
      position += 1
    }
    guard let end else {
      return bytes.endIndex - bytes.startIndex > limit ? .failure(status: 431) : .incomplete
    }
    guard end - bytes.startIndex <= limit else { return .failure(status: 431) }
    guard let requestLine = lines.first else { return .failure(status: 400) }
    let parts = requestLine.split(separator: 0x20, omittingEmptySubsequences: false)
    guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(isTokenByte),
      let target = String(validating: parts[1], as: UTF8.self),
      let version = String(validating: parts[2], as: UTF8.self)
    else { return .failure(status: 400) }
    // `HTTP/` and a digit, a dot and a digit; a later 1.x is answered as 1.1 (RFC 9110 §2.5).
    let digits = Array(version.utf8.dropFirst(5))
    guard version.hasPrefix("HTTP/"), digits.count == 3, digits[1] == 0x2E,
      (0x30...0x39).contains(digits[0]), (0x30...0x39).contains(digits[2])
    else { return .failure(status: 400) }
    guard digits[0] == 0x31 else { return .failure(status: 505) }
    let minor = Int(digits[2] - 0x30)
    guard let path = decodedPath(target) else { return .failure(status: 400) }
    var close = minor == 0
    var hasBody = false
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex,
        line[..<colon].allSatisfy(isTokenByte)
      else { return .failure(status: 400) }
      let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
      let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(
        in: .whitespaces)
      switch name {
      case "connection":
        let options = value.lowercased().split(separator: ",").map {
          $0.trimmingCharacters(in: .whitespaces)
        }
        if options.contains("keep-alive") && minor == 0 { close = false }
        if options.contains("close") { close = true }
      case "content-length":
        guard value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let length = Int(value) else {
          return .failure(status: 400)
        }
        if length > 0 { hasBody = true }
      case "transfer-encoding":
        hasBody = true
      default:
        break
      }
    }
    let method = String(decoding: parts[0], as: UTF8.self)
    return .head(
      HTTPRequestHead(method: method, path: path, keepAlive: !close, hasBody: hasBody),
      length: end - bytes.startIndex)
  }

  /// A request target's path, percent-decoded and without query or fragment; nil when the
  /// target is neither origin form (`/path?query`) nor absolute form (`http://host/path`), when
  /// an escape is malformed, or when the decoded path is not UTF-8 or holds a NUL.
  static func decodedPath(_ target: String) -> String? {
    var rest = Substring(target)
    if !rest.hasPrefix("/") {
      let lowered = rest.lowercased()
      if lowered.hasPrefix("http://") {
        rest = rest.dropFirst(7)
      } else if lowered.hasPrefix("https://") {
        rest = rest.dropFirst(8)
      } else {
        return nil
      }
      // The authority ends at the path, the query or the fragment.
      guard let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }),
        rest[end] == "/"
      else {
        return "/"
      }
      rest = rest[end...]
    }
    if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
    var bytes: [UInt8] = []
    var utf8 = rest.utf8[...]
    while let byte = utf8.popFirst() {
      guard byte == 0x25 else {
        bytes.append(byte)
        continue
      }
      guard let high = utf8.popFirst().flatMap(hexValue),
        let low = utf8.popFirst().flatMap(hexValue)
      else {
        return nil
      }
      bytes.append(high << 4 | low)
    }
    guard !bytes.contains(0), let path = String(validating: bytes, as: UTF8.self) else {
      return nil
    }
    return path
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: byte - 0x30
    case 0x41...0x46: byte - 0x41 + 10
    case 0x61...0x66: byte - 0x61 + 10
    default: nil
    }
  }

  /// A byte allowed in a method or header name (RFC 9110 §5.6.2 `tchar`).
  private static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"),
      UInt8(ascii: "&"),
      UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
      UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
      true
    default: false
    }
  }
}
