import FinOpsCore

/// Atom feeds, one per persona and one per person, so people are notified without a server:
/// new requests in review, changes requested, tasks ready, ready to claim, live.
struct Feeds {
  let builder: SiteBuilder

  struct Event {
    var entry: HistoryEntry
    var index: Int
    var fact: ComponentFacts
    var title: String
  }

  static let limit = 50

  /// The newest events of each persona's and each person's feed (by lowercased email), at most
  /// `limit` each.
  func events() -> (personas: [Persona: [Event]], people: [String: [Event]], newest: Timestamp?) {
    let facts = builder.facts
    // Every entry as its place (time, component, position), sorted newest first (then by
    // reference and position, both descending) without copying entries or comparing references
    // but for entries of the same second.
    var entries: [(at: Timestamp, fact: Int32, index: Int32)] = []
    entries.reserveCapacity(facts.count * 4)
    for (factIndex, fact) in facts.enumerated() {
      for (index, entry) in fact.component.history.enumerated() {
        entries.append((entry.at, Int32(factIndex), Int32(index)))
      }
    }
    entries = Self.newestFirst(entries) { facts[Int($0)].reference }
    let audience = Notice.Audience(builder.input.configuration.roster)
    var personas: [Persona: [Event]] = [:]
    var people: [String: [Event]] = [:]
    // The feeds written (every persona's, every person's on the roster): once all are full, no
    // older event can change them.
    let readers = Set(builder.input.configuration.roster.people.map { $0.email.lowercased() })
    var open = Persona.allCases.count + readers.count
    for place in entries {
      guard open > 0 else { break }
      let fact = facts[Int(place.fact)]
      let index = Int(place.index)
      let entry = fact.component.history[index]
      guard let notice = Notice.about(entry, in: fact.workload, audience: audience) else { continue }
      // Titled once, and only when a feed still has room for it.
      var event: Event?
      func made() -> Event {
        if let event { return event }
        let new = Event(
          entry: entry, index: index, fact: fact,
          title: String(spliced: "\(notice.event): \(fact.workload.title) (\(fact.reference))"))
        event = new
        return new
      }
      for persona in notice.personas where personas[persona, default: []].count < Self.limit {
        personas[persona, default: []].append(made())
        if personas[persona]?.count == Self.limit { open -= 1 }
      }
      for person in notice.people where people[person, default: []].count < Self.limit {
        people[person, default: []].append(made())
        if people[person]?.count == Self.limit, readers.contains(person) { open -= 1 }
      }
    }
    return (personas, people, entries.first?.at)
  }

  /// History entries as places (time, component, position): newest first, then by the
  /// component's reference and the position, both descending.
  static func newestFirst(
    _ entries: [(at: Timestamp, fact: Int32, index: Int32)], reference: (Int32) -> String
  ) -> [(at: Timestamp, fact: Int32, index: Int32)] {
    func before(_ a: (at: Timestamp, fact: Int32, index: Int32), _ b: (at: Timestamp, fact: Int32, index: Int32)) -> Bool {
      if a.at != b.at { return a.at > b.at }
      if a.fact != b.fact { return reference(a.fact) > reference(b.fact) }
      return a.index > b.index
    }
    // By time alone as one integer each (a sort of integers, not of closures over tuples), then
    // each run of entries of the same second by reference and position.
    guard entries.count < 1 << 24, entries.allSatisfy({ $0.at.seconds >= 0 && $0.at.seconds < 1 << 39 }) else {
      return entries.sorted(by: before)
    }
    var order = entries.indices.map { UInt64(bitPattern: entries[$0].at.seconds) << 24 | UInt64($0) }
    order.sort(by: >)
    var sorted = order.map { entries[Int($0 & 0xFF_FFFF)] }
    var start = 0
    while start < sorted.count {
      var end = start + 1
      while end < sorted.count, sorted[end].at == sorted[start].at { end += 1 }
      if end - start > 1 { sorted[start..<end].sort(by: before) }
      start = end
    }
    return sorted
  }

  /// One feed: where it goes, what it is called, and whose events it shows (a persona's, or a
  /// person's by lowercased email).
  struct Spec {
    var path: String
    var title: String
    var id: String
    var root: String
    var reader: Reader
    enum Reader {
      case persona(Persona)
      case person(String)
    }
  }

  /// Every feed: each persona's, then each person's on the roster.
  var specs: [Spec] { Self.specs(builder.input.configuration) }

  /// The paths of the feeds of a site built with `configuration`, in the order of `specs`.
  static func paths(_ configuration: Configuration) -> [String] { specs(configuration).map(\.path) }

  /// Every feed of a site built with `configuration`.
  private static func specs(_ configuration: Configuration) -> [Spec] {
    let site = configuration.site.title
    // The site's base URL: feed readers resolve links best when they are absolute.
    let base = configuration.site.baseURL
    return Persona.allCases.map { persona in
      Spec(
        path: "feeds/\(persona.rawValue).xml", title: "\(site): \(persona.title)", id: "persona:\(persona.rawValue)",
        root: base ?? "../", reader: .persona(persona))
    }
      + configuration.roster.people.map { person in
        let slug = Format.personSlug(person.email)
        return Spec(
          path: "feeds/people/\(slug).xml", title: "\(site): \(person.name)", id: "person:\(slug)",
          root: base ?? "../../", reader: .person(person.email.lowercased()))
      }
  }

  /// Every feed, in the order of `specs`, and whether it shows the build time: a feed without
  /// entries is as new as the newest entry of the repository, or, in a repository without
  /// one, the build.
  func files() -> [(path: String, bytes: [UInt8], showsTime: Bool)] {
    let (byPersona, byPerson, newest) = events()
    return specs.map { spec in
      let events: [Event]
      switch spec.reader {
      case .persona(let persona): events = byPersona[persona] ?? []
      case .person(let email): events = byPerson[email] ?? []
      }
      let updated = events.first?.entry.at ?? newest
      return (
        spec.path,
        feed(title: spec.title, id: spec.id, events: events, updated: updated ?? builder.input.now, root: spec.root),
        updated == nil
      )
    }
  }

  func feed(title: String, id: String, events: [Event], updated: Timestamp, root: String) -> [UInt8] {
    var xml: [UInt8] = []
    xml.reserveCapacity(1024 + events.count * 700)
    func text(_ piece: Spliced) { xml.append(contentsOf: piece.string.utf8) }
    func escaped(_ value: String) { Self.appendEscaped(value, to: &xml) }
    func escaped(spliced value: Spliced) { Self.appendEscaped(value.string, to: &xml) }
    text("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>")
    escaped(title)
    text("</title>\n  <id>urn:finops:feed:")
    escaped(id)
    text("</id>\n  <updated>\(updated)</updated>\n  <generator>finops</generator>\n")
    for event in events {
      let entry = event.entry
      let person = builder.personName(entry.by)
      text("  <entry>\n    <title>")
      escaped(event.title)
      text("</title>\n    <id>urn:finops:")
      escaped(event.fact.reference)
      text(":\(event.index)</id>\n    <updated>\(entry.at)</updated>\n    <author><name>")
      escaped(person)
      text("</name></author>\n    <link rel=\"alternate\" type=\"text/html\" href=\"")
      escaped(
        spliced: "\(root)workloads/\(event.fact.workload.slug).html#\(event.fact.component.id)")
      text("\"/>\n    <summary>")
      escaped(
        spliced: """
          \(person) (\(entry.persona.title)) \(entry.transition.pastTense) \(event.fact.reference) \
          at \(Format.time(entry.at)).
          """)
      if let reason = entry.reason { escaped(spliced: " Reason: \(reason)") }
      if event.index == event.fact.component.history.count - 1 {
        let next = builder.nextCommand(event.fact)
        if !next.isEmpty { escaped(spliced: " Next: \(next)") }
      }
      text("</summary>\n  </entry>\n")
    }
    text("</feed>\n")
    return xml
  }

  /// Appends `text` escaped for XML content and attributes to `bytes`, without the characters
  /// XML 1.0 forbids (C0 controls other than tab and line breaks, U+FFFE and U+FFFF).
  ///
  /// Runs of bytes that need nothing are copied whole; only the others are looked at one by one.
  static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
    var text = text
    text.withUTF8 { utf8 in
      var start = 0
      var index = 0
      while index < utf8.count {
        let byte = utf8[index]
        guard !isPlain(byte) else {
          index += 1
          continue
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
        index += 1
        switch byte {
        case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
        case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
        case UInt8(ascii: "'"): bytes.append(contentsOf: "&apos;".utf8)
        case 0x9, 0xA, 0xD: bytes.append(byte)
        case 0..<0x20: break  // a C0 control
        case 0xEF where index + 1 < utf8.count && utf8[index] == 0xBF && (utf8[index + 1] == 0xBE || utf8[index + 1] == 0xBF):
          index += 2  // U+FFFE or U+FFFF (a valid string holds no surrogates, the other gap)
        default: bytes.append(byte)
        }
        start = index
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
    }
  }

  /// Whether `byte` is copied as it is: not one of the five escaped characters, a C0 control
  /// (line breaks and tabs included, for simplicity) or the lead byte of U+FFFE and U+FFFF.
  @inline(__always)
  private static func isPlain(_ byte: UInt8) -> Bool {
    switch byte {
    case 0..<0x20, UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""),
      UInt8(ascii: "'"), 0xEF:
      return false
    default:
      return true
    }
  }
}
