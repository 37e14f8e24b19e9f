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
  func events() -> (personas: [Persona: [Event]], people: [String: [Event]]) {
    var entries: [(entry: HistoryEntry, index: Int, fact: ComponentFacts)] = []
    for fact in builder.facts {
      for (index, entry) in fact.component.history.enumerated() { entries.append((entry, index, fact)) }
    }
    entries.sort { ($0.entry.at, $0.fact.reference, $0.index) > ($1.entry.at, $1.fact.reference, $1.index) }
    let audience = Notice.Audience(builder.input.configuration.roster)
    var personas: [Persona: [Event]] = [:]
    var people: [String: [Event]] = [:]
    for (entry, index, fact) in entries {
      guard let notice = Notice.about(entry, in: fact.workload, audience: audience) else { continue }
      let event = Event(
        entry: entry, index: index, fact: fact,
        title: "\(notice.event): \(fact.workload.title) (\(fact.reference))")
      for persona in notice.personas where personas[persona, default: []].count < Self.limit {
        personas[persona, default: []].append(event)
      }
      for person in notice.people where people[person, default: []].count < Self.limit {
        people[person, default: []].append(event)
      }
    }
    return (personas, people)
  }

  /// The site's base URL: feed readers resolve links best when they are absolute.
  var base: String? { builder.input.configuration.site.baseURL }

  func files() -> [String: String] {
    let (byPersona, byPerson) = events()
    var files: [String: String] = [:]
    for persona in Persona.allCases {
      files["feeds/\(persona.rawValue).xml"] = feed(
        title: "\(builder.input.configuration.site.title): \(persona.title)", id: "persona:\(persona.rawValue)",
        events: byPersona[persona] ?? [], root: base ?? "../")
    }
    for person in builder.input.configuration.roster.people {
      let slug = Format.personSlug(person.email)
      files["feeds/people/\(slug).xml"] = feed(
        title: "\(builder.input.configuration.site.title): \(person.name)", id: "person:\(slug)",
        events: byPerson[person.email.lowercased()] ?? [], root: base ?? "../../")
    }
    return files
  }

  func feed(title: String, id: String, events: [Event], root: String) -> String {
    let updated = events.first?.entry.at ?? builder.input.now
    var xml = """
      <?xml version="1.0" encoding="utf-8"?>
      <feed xmlns="http://www.w3.org/2005/Atom">
        <title>\(Self.escape(title))</title>
        <id>urn:finops:feed:\(Self.escape(id))</id>
        <updated>\(updated)</updated>
        <generator>finops</generator>

      """
    for event in events {
      let entry = event.entry
      var summary = "\(builder.personName(entry.by)) (\(entry.persona.title)) \(entry.transition.pastTense) \(event.fact.reference) at \(Format.time(entry.at))."
      if let reason = entry.reason { summary += " Reason: \(reason)" }
      let next = builder.nextCommand(event.fact)
      if !next.isEmpty && event.index == event.fact.component.history.count - 1 { summary += " Next: \(next)" }
      xml += """
          <entry>
            <title>\(Self.escape(event.title))</title>
            <id>urn:finops:\(Self.escape(event.fact.reference)):\(event.index)</id>
            <updated>\(entry.at)</updated>
            <author><name>\(Self.escape(builder.personName(entry.by)))</name></author>
            <link rel="alternate" type="text/html" href="\(Self.escape("\(root)workloads/\(event.fact.workload.slug).html#\(event.fact.component.id)"))"/>
            <summary>\(Self.escape(summary))</summary>
          </entry>

        """
    }
    return xml + "</feed>\n"
  }

  /// Escapes text for XML content and attributes; drops characters XML 1.0 forbids.
  static func escape(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      default:
        let value = scalar.value
        let allowed = value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
          || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
        if allowed { result.unicodeScalars.append(scalar) }
      }
    }
    return result
  }
}
