import FinOpsCLI

FinOpsCommand.mainEntry()
