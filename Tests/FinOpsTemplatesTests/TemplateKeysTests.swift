import Testing

@testable import FinOpsTemplates

@Suite("Template keys")
struct TemplateKeysTests {
  @Test("a name is found however its string is held, and only an interned one")
  func anyRepresentation() {
    var keys = TemplateKeys()
    // Enough names to grow both tables several times, short and long.
    let names = (0..<300).map { $0 % 3 == 0 ? "aLongerPropertyName\($0)" : "n\($0)" }
    let ids = names.map { keys.intern($0) }
    #expect(Set(ids).count == names.count)
    for (name, id) in zip(names, ids) {
      #expect(keys.id(name) == id)
      #expect(keys.intern(name) == id)
      // The same text built at run time: a short one in the string's own words, and (cut
      // down from a long one) in storage of its own, whose words differ from the interned.
      #expect(keys.id(String(decoding: Array(name.utf8), as: UTF8.self)) == id)
      var cut = name + String(repeating: " ", count: 40)
      cut.removeLast(40)
      #expect(keys.id(cut) == id)
      #expect(keys.name(id) == name)
    }
    #expect(keys.id("n300") == nil)
    #expect(keys.id("") == nil)
    #expect(keys.id("aLongerPropertyName1") == nil)
  }
}
