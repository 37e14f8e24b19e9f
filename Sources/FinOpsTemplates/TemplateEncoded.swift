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

  /// A model and a variant of it that differs in the string `name` alone (a row and its
  /// link from one folder down), both encoded when a page first renders either: `make()`'s
  /// value, under `fingerprint`, with the variant written into the same arena beside it (the
  /// root object again, its child `name` reading `text()`, every other child shared), viewed
  /// under `variantFingerprint`. The variant's model is `variant(model)`. A name no template
  /// uses has no child to replace: the variant's value is then the model's.
  public static func withVariant(
    fingerprint: ContentHash?, variantFingerprint: ContentHash?, library: TemplateLibrary,
    replacing name: String, with text: @escaping @Sendable () -> String,
    make: @escaping @Sendable () -> Model, variant: @escaping @Sendable (Model) -> Model
  ) -> (model: TemplateEncoded, variant: TemplateEncoded) {
    let keys = library.keys
    let base = SharedTemplateValue(fingerprint: fingerprint) {
      let value = make().templateValue(keys: keys)
      // The encoder's arena is the value's alone, and not yet shared: written into here.
      guard case .arena(let arena) = value, let key = keys.id(name) else { return value }
      arena.addVariant(replacing: key, with: text())
      return value
    }
    let other = SharedTemplateValue(fingerprint: variantFingerprint) {
      let arena = base.arena
      return .arena(arena.variant ?? arena)
    }
    return (
      TemplateEncoded(storage: Storage(makeModel: make, shared: base)),
      TemplateEncoded(storage: Storage(makeModel: { variant(make()) }, shared: other))
    )
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
