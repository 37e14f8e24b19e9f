/// The bytes `produce` hands to its sink, piece after piece, as one array. Each piece is let go
/// once taken: a writer that drains into a sink hands on only what it still holds, so a piece
/// left in place would come again with the next.
public func gathered(_ produce: (_ sink: (inout [UInt8]) throws -> Void) throws -> Void) rethrows -> [UInt8] {
  var whole: [UInt8] = []
  try produce { piece in
    whole.append(contentsOf: piece)
    piece.removeAll(keepingCapacity: true)
  }
  return whole
}
