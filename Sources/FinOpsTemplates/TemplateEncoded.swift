/// A view model encoded once and then shared by many pages: a component's row appears on its
/// organisation's pages, its owner's space and the tracking pages, and is encoded only once.
public struct TemplateEncoded<Model: Encodable & Sendable>: Encodable, Sendable {
  /// The view model (what any other encoder sees).
  public let model: Model
  /// Its template value.
  @usableFromInline let value: TemplateValue

  /// Encodes `model` with the names `library`'s templates use.
  public init(_ model: Model, library: TemplateLibrary) throws {
    self.model = model
    value = try library.value(of: model)
  }

  /// Encodes the model; the template encoder takes the value as it is instead.
  public func encode(to encoder: any Encoder) throws {
    if let encoder = encoder as? TemplateValueEncoder {
      encoder.setValue(value)
    } else {
      try model.encode(to: encoder)
    }
  }
}

