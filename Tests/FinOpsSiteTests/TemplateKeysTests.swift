import FinOpsTemplates
import Foundation
import Testing

@testable import FinOpsSite

/// A value that makes its view model when asked (`TemplateEncoded`).
protocol HoldsModel {
  var heldModel: Any { get }
}

extension TemplateEncoded: HoldsModel {
  var heldModel: Any { model }
}

@Suite("Templates and view models agree")
struct TemplateKeysTests {
  /// Every stored property name reachable from a value, through nested values and arrays.
  static func keys(of value: Any, into keys: inout Set<String>) {
    // A shared row holds how to make its model, which a mirror cannot look into.
    if let row = value as? any HoldsModel { return Self.keys(of: row.heldModel, into: &keys) }
    for child in Mirror(reflecting: value).children {
      if let label = child.label {
        keys.insert(label)
        keys.insert(label.hasPrefix("$__lazy_storage_$_") ? String(label.dropFirst(18)) : label)
      }
      let mirror = Mirror(reflecting: child.value)
      if mirror.displayStyle == .optional, let wrapped = mirror.children.first {
        Self.keys(of: wrapped.value, into: &keys)
      } else {
        Self.keys(of: child.value, into: &keys)
      }
    }
  }

  /// The names a template uses: variables and sections, dotted names split.
  static func tags(in template: String) -> Set<String> {
    var names: Set<String> = []
    var rest = Substring(template)
    while let open = rest.range(of: "{{") {
      rest = rest[open.upperBound...]
      guard let close = rest.range(of: "}}") else { break }
      var tag = rest[..<close.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: "{} "))
      rest = rest[close.upperBound...]
      guard let sigil = tag.first else { continue }
      if "!/<>$".contains(sigil) { continue }  // comments, closers, partials, inheritance
      if "#^&".contains(sigil) { tag = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces) }
      for part in tag.split(separator: ".") where !part.isEmpty { names.insert(String(part)) }
    }
    return names
  }

  @Test("every name a template uses exists in the view model it is rendered with")
  func keysExist() throws {
    let builder = try SiteBuilder(SiteFixture.input)
    let person = SiteFixture.configuration.roster.people[0]
    let units = builder.allUnits()
    let models: [(String, Any)] = [
      ("dashboard", builder.dashboard()), ("review", builder.review()),
      ("engineering", builder.engineering()),
      ("workload", try builder.workloadPage(SiteFixture.input.workloads.first { $0.workload.slug == "claims-assistant" }!)),
      ("spaces", builder.spacesIndex()), ("space", builder.space(person)),
      ("org-index", builder.orgIndex()), ("org", builder.orgPage(units[0])),
      ("not-found", NotFoundPage(page: builder.chrome("x", section: "", depth: 0))),
      ("spend", builder.spendPage()),
      ("submit", builder.submitPage()),
    ]
    var chrome: Set<String> = []
    Self.keys(of: NotFoundPage(page: builder.chrome("x", section: "", depth: 0)), into: &chrome)
    let templates = SiteFixture.templates.sources
    #expect(Self.tags(in: templates["layout"] ?? "").subtracting(chrome).isEmpty)
    for (name, model) in models {
      var known: Set<String> = chrome
      Self.keys(of: model, into: &known)
      let missing = Self.tags(in: templates[name] ?? "").subtracting(known)
      #expect(missing.isEmpty, "templates/\(name).mustache uses \(missing.sorted()) that its view model lacks")
    }
  }

  @Test("triple braces print only renderer-made HTML")
  func tripleBraces() {
    for (name, source) in SiteFixture.templates.sources {
      var rest = Substring(source)
      while let open = rest.range(of: "{{{") {
        rest = rest[open.upperBound...]
        let tag = rest.prefix { $0 != "}" }
        #expect(tag.hasSuffix("Html"), "templates/\(name).mustache prints {{{\(tag)}}} unescaped")
      }
      #expect(!source.contains("{{&"), "templates/\(name).mustache uses {{& }}")
    }
  }
}
