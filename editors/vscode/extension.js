// The evalrules extension: starts `evalrules lsp` for rules, scheme, test
// and facts files (docs/editors.md).  Highlighting comes from the grammar
// alone; everything else from the language server.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('evalrules').get('path') || 'evalrules';
  const server = { command, args: ['lsp'] };
  client = new LanguageClient('evalrules', 'evalrules', { run: server, debug: server }, {
    documentSelector: [{ scheme: 'file', language: 'evalrules' }],
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
