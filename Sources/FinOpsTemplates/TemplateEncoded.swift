/// A view model encoded once and then shared by many pages: a component's row appears on its
/// organisation's pages, its owner's space and the tracking pages, and is encoded only once.
///
/// The model and its value are kept in one shared object, so that the copies the pages' lists
/// hold cost a reference count each instead of a copy of every string of the row.
public struct TemplateEncoded<Model: Encodable & Sendable>: Encodable, Sendable {
  /// The model and its value, shared by every copy.
  @usableFromInline
  final class Storage: Sendable {
    /// The view model.
    let model: Model
    /// Its template value, shared and fingerprinted.
    @usableFromInline let shared: SharedTemplateValue

    init(model: Model, value: TemplateValue) {
      self.model = model
      shared = SharedTemplateValue(value)
    }
  }

  @usableFromInline let storage: Storage

  /// The view model (what any other encoder sees).
  public var model: Model { storage.model }
  /// Its template value.
  @usableFromInline var value: TemplateValue { storage.shared.value }
  /// Its template value as the pages that show it hold it.
  @usableFromInline var sharedValue: TemplateValue { .shared(storage.shared) }

  /// Encodes `model` with the names `library`'s templates use.
  public init(_ model: Model, library: TemplateLibrary) throws {
    storage = Storage(model: model, value: try library.value(of: model))
  }

  /// The value with `model` as its model, made from this one by replacing the text of the
  /// child named `name` with `text`: for a model that differs from this one's in that string
  /// alone (a row's link from one folder down), without encoding it whole again. A name no
  /// template uses has no child, and nothing to replace.
  public func replacing(_ name: String, with text: String, model: Model, library: TemplateLibrary) -> TemplateEncoded {
    var value = self.value
    if case .object(var object) = value, let key = library.keys.id(name) {
      for index in object.children.indices where object.children[index].key == key {
        object.children[index].value = .text(text)
      }
      value = .object(object)
    }
    return TemplateEncoded(storage: Storage(model: model, value: value))
  }

  private init(storage: Storage) { self.storage = storage }

  /// Encodes the model; the template encoder takes the value as it is instead.
  public func encode(to encoder: any Encoder) throws {
    if let encoder = encoder as? TemplateValueEncoder {
      encoder.setValue(sharedValue)
    } else {
      try model.encode(to: encoder)
    }
  }
}
