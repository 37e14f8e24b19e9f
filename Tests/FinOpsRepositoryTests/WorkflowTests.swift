import Foundation
import Testing
import Yams

@Suite("The GitHub workflows shipped in the repository")
struct WorkflowTests {
  static let folder = Fixture.repositoryRoot.appendingPathComponent(".github/workflows")

  static var workflows: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
      $0.hasSuffix(".yml")
    }.sorted()
  }

  func load(_ name: String) throws -> Node {
    let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
    return try #require(try Yams.compose(yaml: text, .basic))
  }

  @Test("each workflow has the keys GitHub requires: on, jobs with runs-on and steps")
  func requiredKeys() throws {
    #expect(Self.workflows == ["publish.yml", "pull-request.yml"])
    for name in Self.workflows {
      let workflow = try load(name)
      #expect(workflow["name"]?.string != nil, "\(name): name")
      #expect(workflow["on"] != nil, "\(name): on")
      let jobs = try #require(workflow["jobs"]?.mapping, "\(name): jobs")
      #expect(!jobs.isEmpty)
      for (jobName, job) in jobs {
        let label = "\(name) job \(jobName.string ?? "?")"
        #expect(job["runs-on"]?.string != nil, "\(label): runs-on")
        let steps = try #require(job["steps"]?.sequence, "\(label): steps")
        #expect(!steps.isEmpty)
        for step in steps {
          #expect((step["uses"] != nil) != (step["run"] != nil), "\(label): each step uses an action or runs a command")
          if let uses = step["uses"]?.string { #expect(uses.contains("@v"), "\(label): \(uses) pins a version") }
        }
      }
    }
  }

  @Test("pull requests run check with annotations and audit since the merge base")
  func pullRequest() throws {
    let text = try String(contentsOf: Self.folder.appendingPathComponent("pull-request.yml"), encoding: .utf8)
    #expect(text.contains("finops check --no-cache --format github"), "CI checks contributors' files from nothing")
    #expect(text.contains("finops audit --since \"$base\""))
    #expect(text.contains("git merge-base"))
    #expect(text.contains("fetch-depth: 0"))
    #expect(text.contains("libcmark-gfm-dev"))
  }

  @Test("merges to main build the site and deploy it to Pages")
  func publish() throws {
    let workflow = try load("publish.yml")
    #expect(workflow["permissions"]?["pages"]?.string == "write")
    let text = try String(contentsOf: Self.folder.appendingPathComponent("publish.yml"), encoding: .utf8)
    #expect(text.contains("finops build --no-cache --output site"), "CI builds contributors' files from nothing")
    #expect(!text.contains(".finops-cache"))
    #expect(text.contains("actions/deploy-pages"))
    #expect(text.contains("finops notify"))
    #expect(text.contains("if: ${{ env.FINOPS_WEBHOOK != '' }}"), "notifications stay off without the secret")
  }
}
