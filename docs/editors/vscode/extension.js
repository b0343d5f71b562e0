// A minimal VS Code extension that starts `cxmodel lsp` for the YAML files of the workspace
// and its results kept as CSV (*.results.csv).
// It runs next to Red Hat's YAML extension: each server publishes its own diagnostics.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("cxmodel");
  const [command, ...args] = settings.get("command", ["cxmodel", "lsp"]);
  const workspace = settings.get("workspace", "");
  client = new LanguageClient(
    "cxmodel",
    "cxmodel",
    { command, args },
    {
      documentSelector: [
        { scheme: "file", language: "yaml" },
        { scheme: "file", pattern: "**/*.results.csv" },
      ],
      initializationOptions: workspace ? { workspace } : {},
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.yaml,*.yml,*.results.csv,.cxmodel.yaml}"),
      },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
