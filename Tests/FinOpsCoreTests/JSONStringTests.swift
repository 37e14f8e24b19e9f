import FinOpsCore
import Foundation
import Testing

@Suite("JSON string literals")
struct JSONStringTests {
  /// Escaping one character at a time, as the fast path must agree with.
  func reference(_ text: String, short: Bool) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x22: result += "\\\""
      case 0x5C: result += "\\\\"
      case 0x0A: result += "\\n"
      case 0x0D: result += "\\r"
      case 0x09: result += "\\t"
      case 0x08 where short: result += "\\b"
      case 0x0C where short: result += "\\f"
      case 0..<0x20: result += String(format: "\\u%04x", scalar.value)
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }

  @Test("escaping eight bytes at a time gives what escaping one by one gives")
  func againstReference() {
    var texts = ["", "plain, and longer than one eight-byte word / with a slash"]
    let specials = ["\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{00}", "\u{1F}", "\u{7F}", "é", "🎉", " ", "!"]
    for length in 1...19 {
      for position in 0..<length {
        for special in specials {
          texts.append(String(repeating: "a", count: position) + special + String(repeating: "z", count: length - position - 1))
        }
      }
    }
    for text in texts {
      for short in [true, false] {
        var output: [UInt8] = []
        JSONString.append(text, to: &output, shortBackspaceAndFormFeed: short)
        #expect(String(decoding: output, as: UTF8.self) == reference(text, short: short), "\(text.debugDescription)")
      }
    }
  }
}
