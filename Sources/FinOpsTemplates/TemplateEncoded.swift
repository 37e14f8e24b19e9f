import FinOpsCore

/// A view model encoded once, when a page first renders it, and then shared by many pages: a
/// component's row appears on its organisation's pages, its owner's space and the tracking
/// pages, and is encoded only once (and not at all when every page that shows it is kept).
///
/// How to make the model and its value are kept in one shared object, so that the copies the
/// pages' lists hold cost a reference count each instead of a copy of every string of the row.
public struct TemplateEncoded<Model: Encodable & Sendable>: Encodable, Sendable {
  /// The model and its value, shared by every copy.
  @usableFromInline
  final class Storage: Sendable {
    /// Makes the view model (again each time: only encoders other than the template encoder
    /// ask for it).
    let makeModel: @Sendable () -> Model
    /// Its template value, shared and fingerprinted.
    @usableFromInline let shared: SharedTemplateValue

    init(makeModel: @escaping @Sendable () -> Model, shared: SharedTemplateValue) {
      self.makeModel = makeModel
      self.shared = shared
    }
  }

  @usableFromInline let storage: Storage

  /// The view model (what any other encoder sees).
  public var model: Model { storage.makeModel() }
  /// Its template value.
  @usableFromInline var value: TemplateValue { storage.shared.value }
  /// Its template value as the pages that show it hold it.
  @usableFromInline var sharedValue: TemplateValue { .shared(storage.shared) }

  /// `value` with the text of its child named `name` replaced by `text` (a name no template
  /// uses has no child, and nothing to replace).
  static func replacing(_ name: String, with text: String, in value: TemplateValue, library: TemplateLibrary) -> TemplateValue {
    guard let key = library.keys.id(name) else { return value }
    let arena = TemplateArena.of(value)
    return arena.replacing(key, with: text).map(TemplateValue.arena) ?? value
  }

  private init(storage: Storage) { self.storage = storage }
}

extension TemplateEncoded where Model: TemplateRepresentable {
  /// The model `make` returns, encoded when a page first renders it (see
  /// `SharedTemplateValue.init(fingerprint:make:)`: `fingerprint` must fingerprint everything
  /// `make` reads).
  public init(fingerprint: ContentHash?, library: TemplateLibrary, make: @escaping @Sendable () -> Model) {
    let keys = library.keys
    storage = Storage(
      makeModel: make, shared: SharedTemplateValue(fingerprint: fingerprint) { make().templateValue(keys: keys) })
  }

  /// The value of a model that differs from this one's in the string `name` alone (a row's
  /// link from one folder down), made from this one's value when first asked for instead of
  /// encoded whole, under `fingerprint`: this value (made then, if not yet) with the text of the
  /// child `name` replaced by `text()`; its model is `model(self.model)`.
  public func replacingLater(
    _ name: String, with text: @escaping @Sendable () -> String, fingerprint: ContentHash?,
    library: TemplateLibrary, model: @escaping @Sendable (Model) -> Model
  ) -> TemplateEncoded {
    let base = self
    return TemplateEncoded(
      storage: Storage(
        makeModel: { model(base.model) },
        shared: SharedTemplateValue(fingerprint: fingerprint) {
          Self.replacing(name, with: text(), in: base.value, library: library)
        }))
  }
}

extension TemplateEncoded {
  /// Encodes the model; the template encoder takes the value as it is instead.
  public func encode(to encoder: any Encoder) throws {
    if let encoder = encoder as? TemplateValueEncoder {
      encoder.setValue(sharedValue)
    } else {
      try model.encode(to: encoder)
    }
  }
}
