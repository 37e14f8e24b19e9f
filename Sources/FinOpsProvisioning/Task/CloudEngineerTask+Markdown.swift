extension CloudEngineerTask {
  /// The whole task as Markdown: the scope, each step with its commands, files and links, then
  /// the notes. Deterministic, for the terminal, the site and review.
  public var markdown: String {
    var lines = [
      "# Cloud Engineer task: \(reference)", "",
      "- Workload: \(workloadTitle)",
      "- Platform: \(platform.title)",
      "- Model: \(modelID)",
      "- Account: \(account)\(accountName.map { " (\($0))" } ?? "")",
      "- Region: \(region)",
      "- Runtime: \(runtime.title)",
      "- Role: \(roleName) (\(roleARN))",
    ]
    for (number, step) in steps.enumerated() {
      lines += ["", "## \(number + 1). \(step.title)", "", step.summary]
      for command in step.commands { lines += ["", "```sh", command, "```"] }
      for file in step.files {
        lines += ["", "`\(file.name)`:", "", "```json", file.content + "```"]
      }
      if !step.links.isEmpty {
        lines.append("")
        lines += step.links.map { "- [\($0.title)](\($0.url))" }
      }
    }
    if !notes.isEmpty {
      lines += ["", "## Notes", ""]
      lines += notes.map { "- \($0)" }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
