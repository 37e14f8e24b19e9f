import FinOpsSite
import Testing

@Suite("The templates built into finops")
struct DefaultTemplatesTests {
  @Test("the built-in templates and assets are exactly templates/ (run scripts/embed-resources)")
  func embeddedMatchFiles() {
    let files = SiteFixture.templates
    #expect(Templates.builtIn.sources == files.sources)
    #expect(Templates.builtIn.assets == files.assets)
  }
}
