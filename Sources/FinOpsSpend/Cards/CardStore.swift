import FinOpsCore
import Foundation

/// A report's cards: held as made, or, for a report read from the build cache, kept in their
/// binary form and read component by component as they are asked for. A build after one edit
/// shows the cards of a page or two, and reading a year of cards it does not show cost more
/// than the rest of its spend stage.
final class CardStore: @unchecked Sendable {
  /// Each component's cards in the binary form: where its document is in `bytes`.
  struct Document: Sendable {
    var reference: ComponentReference
    var count: Int
    var range: Range<Int>
  }

  private let lock = NSLock()
  /// The cards, once all are read (or as made).
  private var materialized: [SpendCard]?
  /// The binary form: the bytes and each component's document, in card order.
  private let bytes: ByteStore
  private let documents: [Document]
  /// Each component's document, by reference.
  private let byReference: [ComponentReference: Int]

  /// The cards as made.
  init(_ cards: [SpendCard]) {
    materialized = cards
    bytes = ByteStore([])
    documents = []
    byReference = [:]
  }

  /// Cards in their binary form: `documents` (in card order) in `bytes`, each checked to lie
  /// inside them.
  init(bytes: ByteStore, documents: [Document]) throws {
    var byReference: [ComponentReference: Int] = [:]
    var end = 0
    for (index, document) in documents.enumerated() {
      guard document.range.lowerBound >= end, document.range.upperBound <= bytes.count,
        document.count * 16 <= document.range.count,
        byReference.updateValue(index, forKey: document.reference) == nil
      else { throw BinaryFormatError(description: "a component's cards out of place") }
      end = document.range.upperBound
    }
    self.bytes = bytes
    self.documents = documents
    self.byReference = byReference
  }

  /// Every card, by component then week: read on every core the first time.
  var all: [SpendCard] {
    lock.withLock {
      if let materialized { return materialized }
      let cards: [SpendCard]
      do {
        cards = try Self.read(documents, in: bytes)
      } catch {
        // The form was checksummed when read and written by this executable: a card that does
        // not read is a fault of finops, not of the file.
        preconditionFailure("the build cache's spend cards do not read (\(error)); delete .finops-cache/")
      }
      materialized = cards
      return cards
    }
  }

  /// The cards of one component: a slice of every card once they are read, not a copy.
  func cards(of reference: ComponentReference) -> ArraySlice<SpendCard> {
    if let cards = lock.withLock({ materialized }) { return Self.search(cards, reference) }
    guard let index = byReference[reference] else { return [] }
    do {
      return try Self.read(documents[index], in: bytes)[...]
    } catch {
      preconditionFailure("the build cache's spend cards do not read (\(error)); delete .finops-cache/")
    }
  }

  /// The components with cards, in card order.
  var references: [ComponentReference] {
    if let cards = lock.withLock({ materialized }) {
      var references: [ComponentReference] = []
      for card in cards where references.last != card.reference { references.append(card.reference) }
      return references
    }
    return documents.map(\.reference)
  }

  /// Whether the component has any card.
  func has(_ reference: ComponentReference) -> Bool {
    if let cards = lock.withLock({ materialized }) { return !Self.search(cards, reference).isEmpty }
    return byReference[reference] != nil
  }

  /// How many cards there are.
  var count: Int {
    if let cards = lock.withLock({ materialized }) { return cards.count }
    return documents.reduce(0) { $0 + $1.count }
  }

  /// The cards of `reference` in `cards` (sorted by reference), found by binary search: a site
  /// asks once per component, so a scan of every card each time would be quadratic.
  private static func search(_ cards: [SpendCard], _ reference: ComponentReference) -> ArraySlice<SpendCard> {
    var low = 0
    var high = cards.count
    while low < high {
      let middle = (low + high) / 2
      if cards[middle].reference < reference { low = middle + 1 } else { high = middle }
    }
    var end = low
    while end < cards.count, cards[end].reference == reference { end += 1 }
    return cards[low..<end]
  }

  /// One component's cards from its document.
  static func read(_ document: Document, in bytes: ByteStore) throws -> [SpendCard] {
    var reader = BinaryReader(bytes, from: document.range.lowerBound, to: document.range.upperBound)
    var cards: [SpendCard] = []
    cards.reserveCapacity(document.count)
    for _ in 0..<document.count {
      let card = try SpendCard(from: &reader, after: cards.last)
      guard card.reference == document.reference else {
        throw BinaryFormatError(description: "a card of \(card.reference) among \(document.reference)'s")
      }
      cards.append(card)
    }
    guard reader.atEnd else { throw BinaryFormatError(description: "bytes left after \(document.reference)'s cards") }
    return cards
  }

  /// Every component's cards, read on every core straight into one array.
  static func read(_ documents: [Document], in bytes: ByteStore) throws -> [SpendCard] {
    var starts: [Int] = []
    starts.reserveCapacity(documents.count)
    var total = 0
    for document in documents {
      starts.append(total)
      total += document.count
    }
    let offsets = starts
    return try [SpendCard](unsafeUninitializedCapacity: total) { buffer, initialized in
      let storage = Destination(base: buffer.baseAddress)
      // In eight runs of components, each on whichever core is free.
      let runs = (0..<8).map { run in (documents.count * run / 8)..<(documents.count * (run + 1) / 8) }
      let outcomes = parallelMap(runs.count) { run -> (read: [Range<Int>], error: (any Error)?) in
        var read: [Range<Int>] = []
        for index in runs[run] {
          do {
            let cards = try Self.read(documents[index], in: bytes)
            (storage.base! + offsets[index]).initialize(from: cards, count: cards.count)
            read.append(offsets[index]..<offsets[index] + cards.count)
          } catch {
            return (read, error)
          }
        }
        return (read, nil)
      }
      if let failure = outcomes.lazy.compactMap(\.error).first {
        for outcome in outcomes {
          for range in outcome.read { (buffer.baseAddress! + range.lowerBound).deinitialize(count: range.count) }
        }
        initialized = 0
        throw failure
      }
      initialized = total
    }
  }

  /// Where the cards are read to, from several threads at once, each into a range of its own.
  private struct Destination: @unchecked Sendable {
    let base: UnsafeMutablePointer<SpendCard>?
  }
}
