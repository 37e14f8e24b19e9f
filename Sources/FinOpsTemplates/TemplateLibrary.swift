import FinOpsCore

/// A set of named templates that can include each other, and the names they use.
public struct TemplateLibrary: Sendable {
  private var templates: [String: Template] = [:]
  /// Every name any template uses, interned.
  public private(set) var keys = TemplateKeys()

  /// An empty library.
  public init() {}

  /// Parses `source` and adds it as `name`, replacing any template of that name.
  public mutating func register(_ source: String, named name: String) throws(TemplateSyntaxError) {
    templates[name] = try Template.parse(source, named: name, keys: &keys)
  }

  /// The template named `name`.
  public func template(named name: String) -> Template? { templates[name] }

  /// Whether any template names `name` (in a tag, or as a part of a dotted name): a value's
  /// child of another name is in no template value, and so in no page.
  public func uses(_ name: String) -> Bool { keys.id(name) != nil }

  /// The template value of a view model, keeping only what these templates can look up.
  public func value(of model: some Encodable) throws -> TemplateValue {
    try TemplateEncoder(keys: keys).encode(model)
  }

  /// Renders the template `name` with `value` appended to `output`; false when there is no
  /// such template. Throws when partials include each other without end. With `fragments`,
  /// the shared items of lists are copied from its earlier file where they can be, and every
  /// one is noted in it, placed in `output`.
  public func render(
    _ name: String, _ value: TemplateValue, into output: inout [UInt8], fragments: TemplateFragments? = nil
  ) throws(TemplateRenderError) -> Bool {
    guard let template = templates[name] else { return false }
    // A page rendered again is about the size it was; a new one is most likely a workload page
    // (a median of 24 KB and nine in ten under 32 KB at 10,000 workloads): room for it at once,
    // not grown and moved on the way.
    let buffer = ByteBuffer(
      capacity: max(output.capacity, 48 * 1024, (fragments?.previousBytes.count ?? 0) * 9 / 8))
    buffer.append(output)
    var renderer = TemplateRenderer(
      library: self, output: buffer, value: TemplateArena.of(value))
    renderer.fragments = fragments
    renderer.render(template)
    output = buffer.bytes
    if let runaway = renderer.runaway { throw TemplateRenderError(template: name, partial: runaway) }
    return true
  }

  /// The template `name` rendered with `model`, as UTF-8; nil when there is no such template.
  public func render(_ name: String, _ model: some Encodable) throws -> [UInt8]? {
    var output: [UInt8] = []
    return try render(name, try value(of: model), into: &output) ? output : nil
  }
}
