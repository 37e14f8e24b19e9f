@testable import FinOpsCore
import Foundation
import Testing

@Suite("Money, days and timestamps")
struct ValuesTests {
  @Test("money parses exact decimals and refuses anything else", arguments: [
    ("1200", "1200.00"), ("1200.5", "1200.50"), ("0.000123", "0.000123"), ("-3.10", "-3.10"),
    ("007.25", "7.25"), ("-0.5", "-0.50"), ("123456789012345678", "123456789012345678.00"),
    ("123456789.1234567891", "123456789.1234567891"), ("0.000000000000000001", "0.000000000000000001"),
  ])
  func moneyParses(text: String, canonical: String) throws {
    let money = try #require(Money(parsing: text))
    #expect(money.canonical == canonical)
  }

  @Test("malformed amounts are rejected", arguments: [
    "", "1,200.00", "$12", "1e3", "12.", ".5", "1.2.3", "- 1", "NaN", "12 ", "１２", "-", "--1", "1-2",
    "+1", "1234567890123456789", "1.1234567890123456789", "é1",
  ])
  func moneyRejects(text: String) {
    #expect(Money(parsing: text) == nil)
  }

  @Test("whole numbers are written in decimal as String spells them")
  func decimalDigits() {
    var values = [0, 1, -1, 9, 10, -10, 99, 100, 999_999, 1_000_000, Int.max, Int.min, Int.max - 1, Int.min + 1]
    var power = 1
    for _ in 0..<18 {
      power *= 10
      values += [power - 1, power, power + 1, -power, -(power - 1)]
    }
    var state: UInt64 = 5
    for _ in 0..<5000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      values.append(Int(bitPattern: UInt(state)) >> Int(state % 63))
    }
    for value in values {
      let written = [UInt8](unsafeUninitializedCapacity: 20) { buffer, count in
        count = ByteText.writeDecimal(value, to: buffer.baseAddress!)
      }
      #expect(written == Array(String(value).utf8), "\(value)")
    }
    func fixed(_ magnitude: UInt64, _ scale: Int, _ minimum: Int, _ negative: Bool) -> String {
      String(decoding: [UInt8](unsafeUninitializedCapacity: 22) { buffer, count in
        count = ByteText.writeFixedPoint(
          magnitude, scale: scale, minimumFractionDigits: minimum, negative: negative, to: buffer.baseAddress!)
      }, as: UTF8.self)
    }
    #expect(fixed(123450, 2, 2, false) == "1234.50")
    #expect(fixed(5000, 5, 2, true) == "-0.05")
    #expect(fixed(7, 0, 0, false) == "7")
    #expect(fixed(120, 3, 0, false) == "0.12")
    #expect(fixed(1000, 3, 0, true) == "-1")
    #expect(fixed(UInt64.max, 19, 0, true) == "-1.8446744073709551615")
  }

  @Test("money shows rounded to cents, and numbers to whole ones, in integers exactly as through Decimal rounding")
  func displayInIntegers() {
    var values: [Decimal] = ["0", "-0.001", "0.005", "0.015", "0.025", "-0.025", "1234.5", "-1234.565", "999.995",
      "1000000", "0.0000000001", "12345678901234.5678", "-0.5", "100.125", "100.135"].map { Decimal(string: $0)! }
    var seed: UInt64 = 0xD15
    func next() -> UInt64 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return seed >> 11
    }
    for _ in 0..<3000 {
      values.append(Decimal(sign: next() % 5 == 0 ? .minus : .plus, exponent: Int(next() % 16) - 12, significand: Decimal(next() % 10_000_000_000_000)))
    }
    values.append(Decimal(sign: .plus, exponent: 3, significand: Decimal(UInt64.max)))  // beyond 64 bits of cents
    for value in values {
      for currency in ["USD", "EUR", "GBP", "JPY"] {
        #expect(Money(value).display(currency) == Money(value).displayRounding(currency), "\(value) \(currency)")
      }
      #expect(
        ExactDecimal.formatWhole(value)
          == ExactDecimal.format(ExactDecimal.round(value, scale: 0), minimumFractionDigits: 0), "\(value)")
    }
  }

  @Test("money sums exactly where binary floating point would not")
  func moneySumsExactly() throws {
    var total = Money.zero
    for _ in 0..<10 { total += try #require(Money(parsing: "0.1")) }
    #expect(total == Money(1))
    #expect(try #require(Money(parsing: "2.675")).rounded(scale: 2).canonical == "2.68")
    #expect(try #require(Money(parsing: "2.665")).rounded(scale: 2).canonical == "2.66")
  }

  @Test("the declared annual opportunity is baseline times target percent")
  func opportunity() throws {
    let businessCase = BusinessCase(
      valueType: .costSaving, annualBaseline: try #require(Money(parsing: "480000.00")),
      targetPercent: 12.5)
    #expect(businessCase.annualOpportunity.canonical == "60000.00")
  }

  @Test("days convert to and from the calendar", arguments: [
    ("1970-01-01", 0, 3), ("2026-11-26", 20_783, 3), ("2000-02-29", 11_016, 1),
    ("2027-01-04", 20_822, 0),
  ])
  func days(text: String, ordinal: Int, weekday: Int) throws {
    let day = try #require(Day(parsing: text))
    #expect(day.ordinal == ordinal)
    #expect(day.weekday == weekday)
    #expect(day.description == text)
  }

  @Test("impossible dates are rejected", arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "20261101"])
  func badDays(text: String) {
    #expect(Day(parsing: text) == nil)
  }

  @Test("days and instants written into their strings read as their bytes appended part by part")
  func textAsBytes() {
    // Around 0000-01-01, 1970-01-01 and 10000-01-01, and anywhere.
    var ordinals = Array(-720_000...(-719_000)) + Array(-1_000...1_000) + Array(2_932_500...2_933_500)
    var state: UInt64 = 11
    for _ in 0..<20_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      ordinals.append(Int(state >> 44) - 300_000)
    }
    for ordinal in ordinals {
      let day = Day(ordinal: ordinal)
      #expect(day.description == String(decoding: day.bytes, as: UTF8.self))
      #expect(day.hasFourDigitYear == (0...9999).contains(day.components.year))
      if day.hasFourDigitYear {
        let written = [UInt8](unsafeUninitializedCapacity: 10) { buffer, count in count = day.write(to: buffer.baseAddress!) }
        #expect(written == Array(day.description.utf8))
      }
      let instant = Timestamp(day: day).adding(seconds: Int64(ordinal.magnitude % 86_400))
      #expect(instant.description == String(decoding: instant.bytes(between: "T", seconds: true, ending: "Z"), as: UTF8.self))
      #expect(instant.minuteText == String(decoding: instant.bytes(between: " ", seconds: false, ending: " UTC"), as: UTF8.self))
    }
  }

  @Test("timestamps parse UTC and offsets and print UTC")
  func timestamps() throws {
    let utc = try #require(Timestamp(parsing: "2026-10-02T10:15:00Z"))
    #expect(utc.description == "2026-10-02T10:15:00Z")
    let offset = try #require(Timestamp(parsing: "2026-10-02T12:15:00+02:00"))
    #expect(offset == utc)
    #expect(utc.minuteText == "2026-10-02 10:15 UTC")
    #expect(Timestamp(day: try #require(Day(parsing: "1999-12-31"))).adding(seconds: 86_399).minuteText == "1999-12-31 23:59 UTC")
    #expect(Timestamp(parsing: "2026-10-02T25:00:00Z") == nil)
    #expect(Timestamp(parsing: "2026-10-02") == nil)
    #expect(Timestamp(parsing: "2026-10-02T10:15:00") == nil)
  }

  @Test("business days skip weekends and holidays")
  func businessDays() throws {
    let thanksgiving = try #require(Day(parsing: "2026-11-26"))
    let friday = try #require(Day(parsing: "2026-11-27"))
    let calendar = BusinessCalendar(holidays: [thanksgiving, friday])
    let wednesday = try #require(Day(parsing: "2026-11-25"))
    #expect(calendar.adding(businessDays: 2, to: wednesday).description == "2026-12-01")
    #expect(calendar.adding(businessDays: 5, to: wednesday).description == "2026-12-04")
    let start = try #require(Timestamp(parsing: "2026-11-25T12:00:00Z"))
    let end = try #require(Timestamp(parsing: "2026-11-30T12:00:00Z"))
    #expect(calendar.businessDays(from: start, to: end) == 1.0)
  }

  @Test("business days between any two instants equal a walk day by day")
  func businessDaysAgainstWalk() throws {
    let base = try #require(Day(parsing: "2026-11-20"))
    // Holidays on weekdays and on a weekend day, which must not count twice.
    let calendar = BusinessCalendar(holidays: [
      base.adding(days: 6), base.adding(days: 7), base.adding(days: 9), base.adding(days: 40),
    ])
    func walk(_ start: Timestamp, _ end: Timestamp) -> Double {
      guard start < end else { return 0 }
      var seconds: Int64 = 0
      var day = start.day
      while day <= end.day {
        if calendar.isBusinessDay(day) {
          let from = max(start, Timestamp(day: day))
          let to = min(end, Timestamp(day: day.adding(days: 1)))
          seconds += max(0, to.seconds - from.seconds)
        }
        day = day.adding(days: 1)
      }
      return Double(seconds) / 86_400
    }
    // From a fixed seed: the same 2,000 pairs on every run.
    var generator = SeededRandom(state: 42)
    for _ in 0..<2_000 {
      let start = Timestamp(day: base).adding(seconds: Int64.random(in: 0..<(60 * 86_400), using: &generator))
      let end = start.adding(seconds: Int64.random(in: -86_400..<(50 * 86_400), using: &generator))
      #expect(calendar.businessDays(from: start, to: end) == walk(start, end), "\(start) → \(end)")
    }
    // Exact day boundaries, same day, and whole weeks.
    let monday = Timestamp(day: base.monday)
    for (from, to) in [(0, 86_400), (0, 7 * 86_400), (3_600, 3_700), (5 * 86_400, 7 * 86_400), (0, 0)] {
      let start = monday.adding(seconds: Int64(from))
      let end = monday.adding(seconds: Int64(to))
      #expect(calendar.businessDays(from: start, to: end) == walk(start, end))
    }
  }

  @Test("replacing an ASCII character gives what Foundation gives")
  func replacingASCII() {
    for text in ["developer-productivity", "", "-", "--a--", "it's", "''", "naïve-café—ok", "no dash"] {
      #expect(text.replacing(ascii: "-", with: " ") == text.replacingOccurrences(of: "-", with: " "))
      #expect(text.replacing(ascii: "'", with: "'\\''") == text.replacingOccurrences(of: "'", with: "'\\''"))
    }
  }

  @Test("a path's parts found by bytes are those split(separator:) finds")
  func slashSeparatedParts() {
    let texts = [
      "", "/", "//", "a", "a/b", "/a/b/", "a//b", "workloads/payments/card.md", "slug/id",
      "café/x", "a\u{301}/b", "\u{212A}elvin/x", "e\u{301}/\u{301}x", "x/\r\n/y", "/ü/",
    ]
    for text in texts {
      #expect(text.slashSeparatedParts() == text.split(separator: "/"), "\(text)")
      #expect(text.slashSeparatedParts().map(String.init) == text.split(separator: "/").map(String.init), "\(text)")
      #expect(text.slashSeparatedTexts() == text.split(separator: "/").map(String.init), "\(text)")
    }
  }

  @Test("texts equal once lowercased, by bytes where ASCII, as lowercased() == decides")
  func equalsLowercased() {
    let texts = [
      "", "a", "A", "lead@example.com", "Lead@Example.COM", "lead@example.co", "[", "{", "@",
      "`", "ÉLAN@x.com", "élan@x.com", "İ", "i\u{307}", "STRASSE", "straße", "\u{212A}", "k",
      "Z", "z",
    ]
    for one in texts {
      for two in texts {
        #expect(
          one.equalsLowercased(two) == (one.lowercased() == two.lowercased()), "\(one) \(two)")
      }
    }
  }

  @Test("the SLA due date counts business days from the approval day")
  func dueDate() throws {
    let policy = SLAPolicy(normalDays: 5, priorityDays: 2)
    let approved = try #require(Timestamp(parsing: "2026-10-01T11:40:00Z"))  // a Thursday
    #expect(policy.dueDate(approvedAt: approved, priority: .normal).description == "2026-10-08")
    #expect(policy.dueDate(approvedAt: approved, priority: .priority).description == "2026-10-05")
  }
}

@Suite("Identifiers and suggestions")
struct IdentifierTests {
  @Test("slugs", arguments: [
    ("claims-assistant", true), ("a", true), ("Claims", false), ("claims--x", false),
    ("-claims", false), ("claims_x", false), (String(repeating: "a", count: 52), true),
    (String(repeating: "a", count: 53), false),
  ])
  func slugs(slug: String, valid: Bool) {
    #expect(Identifiers.isSlug(slug) == valid)
  }

  @Test("component ids avoid ambiguous characters", arguments: [
    ("k7q2", true), ("k7q0", false), ("k7ql", false), ("K7Q2", false), ("k7q", false),
  ])
  func componentIDs(id: String, valid: Bool) {
    #expect(Identifiers.isComponentID(id) == valid)
  }

  @Test("account ids, role names and emails")
  func awsShapes() {
    #expect(Identifiers.isAccountID("052891734610"))
    #expect(!Identifiers.isAccountID("52891734610"))
    #expect(Identifiers.isRoleName("finops-claims-assistant-k7q2"))
    #expect(!Identifiers.isRoleName(String(repeating: "r", count: 65)))
    #expect(!Identifiers.isRoleName("has space"))
    #expect(Identifiers.isEmail("priya.shah@example.com"))
    #expect(!Identifiers.isEmail("priya"))
    #expect(!Identifiers.isEmail("<script>@x.com"))
  }

  @Test("suggestions catch typos and ignore unrelated words")
  func suggestions() {
    #expect(Suggestion.closest(to: "lvie", in: Status.spellings) == "live")
    #expect(Suggestion.closest(to: "changes_requested", in: Status.spellings) == "changes-requested")
    #expect(Suggestion.closest(to: "bananas", in: Status.spellings) == nil)
  }
}

@Suite("The lifecycle's rule table")
struct TransitionTableTests {
  @Test("every status but the final ones can be left, and every status can be reached")
  func reachability() {
    let targets = Set(Transition.allCases.map(\.target))
    #expect(targets == Set(Status.allCases))
    for status in Status.allCases where !status.isFinal {
      #expect(Transition.allCases.contains { $0.sources.contains(status) }, "\(status) is a dead end")
    }
    for status in Status.allCases where status.isFinal {
      #expect(!Transition.allCases.contains { $0.sources.contains(status) })
    }
  }

  @Test("each persona owns its transitions")
  func personas() {
    #expect(Transition.approve.persona == .finopsLead)
    #expect(Transition.implement.persona == .cloudEngineer)
    #expect(Transition.claim.persona == .productOwner && Transition.claim.ownerOnly)
    #expect(Transition.requestChanges.requiresReason && !Transition.approve.requiresReason)
  }
}
